/**
 * The kinds of incident Habeas users expect to record from the first day, in plain words.
 * HURIDOCS' "types of acts" are precise but long ("Denial of the right to adequate medical
 * services"), so incidents use these short codes and keep the HURIDOCS code beside each for
 * exports to HURIDOCS tools. Admins add more through the API.
 */
export const INCIDENT_KIND_SCHEME = 'incident_kind';

/** The HURIDOCS list an incident kind's `huridocsCode` points into. */
export const INCIDENT_KIND_HURIDOCS_SCHEME = 'huridocs_types_of_acts';

export interface BuiltInTerm {
  code: string;
  en: string;
  es: string;
  fr: string;
  /** the closest HURIDOCS type of act, or null when none fits */
  huridocsCode: string | null;
}

export const INCIDENT_KINDS: readonly BuiltInTerm[] = [
  {
    code: 'beating',
    en: 'Beating',
    es: 'Golpiza',
    fr: 'Passage à tabac',
    huridocsCode: '020101000000', // Physical assaults
  },
  { code: 'torture', en: 'Torture', es: 'Tortura', fr: 'Torture', huridocsCode: '020111110000' },
  {
    code: 'sexual_violence',
    en: 'Sexual violence',
    es: 'Violencia sexual',
    fr: 'Violence sexuelle',
    huridocsCode: '020102000000', // Sexual violations
  },
  {
    code: 'food_deprivation',
    en: 'Food deprivation',
    es: 'Privación de alimentos',
    fr: 'Privation de nourriture',
    huridocsCode: '360102030000', // Denial of the right to adequate food (detained persons)
  },
  {
    code: 'medical_neglect',
    en: 'Medical neglect',
    es: 'Falta de atención médica',
    fr: 'Défaut de soins médicaux',
    huridocsCode: '360102040000', // Denial of the right to adequate medical services
  },
  {
    // HURIDOCS records this as a whereabouts state ("Outside contact is not permitted"), not
    // as a type of act, so there is no type-of-act code to map to.
    code: 'incommunicado_detention',
    en: 'Incommunicado detention',
    es: 'Detención incomunicada',
    fr: 'Détention au secret',
    huridocsCode: null,
  },
  {
    code: 'denial_of_counsel',
    en: 'Denial of counsel',
    es: 'Negación de asistencia jurídica',
    fr: "Refus d'accès à un avocat",
    huridocsCode: '350109000000', // Denial of the right to legal assistance
  },
  {
    code: 'forced_disappearance',
    en: 'Forced disappearance',
    es: 'Desaparición forzada',
    fr: 'Disparition forcée',
    huridocsCode: '030103000000', // Disappearance
  },
  {
    code: 'threats',
    en: 'Threats',
    es: 'Amenazas',
    fr: 'Menaces',
    huridocsCode: '020103010000', // Threats (death threats have their own code, 020103020000)
  },
  {
    code: 'degrading_treatment',
    en: 'Degrading treatment',
    es: 'Trato degradante',
    fr: 'Traitement dégradant',
    huridocsCode: '360102010000', // Denial of the right to treatment with dignity and humanity
  },
  {
    code: 'death_in_custody',
    en: 'Death in custody',
    es: 'Muerte bajo custodia',
    fr: 'Décès en détention',
    huridocsCode: '010106010000', // Death in detention or police custody
  },
];
