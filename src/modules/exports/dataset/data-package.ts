/**
 * The description that travels with the public data set: a Frictionless Data Package
 * (datapackage.json, https://specs.frictionlessdata.io/data-package/) that tools such as
 * frictionless-py, Open Knowledge's validators or a data portal read, and a README for people.
 */

export interface ResourceDescription {
  name: string;
  path: string;
  title: string;
  columns: string[];
  rows: number;
}

export interface DatasetAbout {
  createdAt: string;
  habeasVersion: string;
  resources: ResourceDescription[];
}

/** Stands in the licence field until the publisher chooses one; the README says so. */
export const LICENCE_PLACEHOLDER = {
  name: 'LICENCE-NOT-YET-CHOSEN',
  title: 'Replace with the licence the publisher chooses, e.g. CC-BY-4.0 or ODbL-1.0',
};

const fieldType = (column: string) => (column === 'version' ? 'integer' : 'string');

export function dataPackage(about: DatasetAbout) {
  return {
    profile: 'tabular-data-package',
    name: 'habeas-public-data',
    title: 'Habeas: public records of cross-border detention',
    description:
      'Records marked public, and for people and testimonies only with consent to publication, ' +
      'exported from Habeas. See README.md for what is and is not included.',
    created: about.createdAt,
    version: about.createdAt.slice(0, 10),
    licenses: [LICENCE_PLACEHOLDER],
    sources: [{ title: `Habeas ${about.habeasVersion}` }],
    resources: about.resources.map((r) => ({
      profile: 'tabular-data-resource',
      name: r.name,
      path: r.path,
      title: r.title,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', doubleQuote: true, header: true },
      schema: {
        fields: r.columns.map((name) => ({ name, type: fieldType(name) })),
        primaryKey: 'id',
      },
      rows: r.rows,
    })),
  };
}

export function readme(about: DatasetAbout): string {
  const table = about.resources.map((r) => `| \`${r.path}\` | ${r.title} | ${r.rows} |`).join('\n');
  return `# Habeas public data set

Exported ${about.createdAt} by Habeas ${about.habeasVersion}.

| file | records | rows |
|---|---|---|
${table}

Files of public sources are under \`attachments/<sha256>/<file name>\`.
\`datapackage.json\` describes every file as a Frictionless Data Package.

## What is included

- Only records marked **public**, read exactly as an anonymous visitor to public mode would
  read them: fields with their own sensitivity (a person's identifiers, a testimony's
  transcript and excerpts) appear only where they too are public.
- **People** only with consent to publication: \`publish_named\` as recorded;
  \`publish_anonymised\` without names, aliases, identifiers, occupation, notes or citations,
  and with the birth date cut to its year.
- **Testimonies** only with consent scope \`publish_named\`, or \`publish_anonymised\` without
  who gave or took them, their title or notes.
- **Citations** only where the source and the cited record are both in this data set.
- No \`externalId\` column: an id from another list can be an identifier.

A record may refer (by id) to a record that is not included, because it is not public or its
subject did not consent; the reference names nothing.

## Reading the files

CSV, UTF-8, comma-separated, with a header row. Lists of plain values are joined with \`; \`;
lists of objects (identifiers, parties, excerpts) are JSON; nested objects are spread over
dotted columns (\`hearing.scheduledFor\`). Dates are given as precisely as they are known
(\`2025\`, \`2025-03\`, \`2025-03-15\`, EDTF forms such as \`2025-03~\`). Text that a spreadsheet
would run as a formula (starting with = + - or @) carries a leading apostrophe.

## Licence

Not yet chosen: \`datapackage.json\` holds the placeholder \`${LICENCE_PLACEHOLDER.name}\`.
Replace it (and this paragraph) with the licence you publish under before publishing.
`;
}
