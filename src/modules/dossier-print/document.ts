import type { AuditHead } from '../audit/chain.js';
import { type Dossier, factRecords } from '../dossier/service.js';
import type { ApiRecord } from '../records/service.js';
import { type Html, html } from './html.js';
import { PRINT_LABELS, type PrintLabels, type PrintLanguage } from './labels.js';
import { Endnotes } from './notes.js';

export interface PrintMeta {
  generatedAt: string;
  requestedBy: string;
  clearance: string;
  auditHead: AuditHead;
  lang: PrintLanguage;
}

type Rec = ApiRecord;
const s = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const code = (value: unknown): string => s(value).replaceAll('_', ' ');
const list = (value: unknown): Rec[] => (Array.isArray(value) ? (value as Rec[]) : []);

/**
 * The dossier as one printable HTML page: the same facts, at the same clearance, as
 * GET /people/{id}/dossier, laid out for a court filing, each fact followed by the numbers of its
 * endnotes and every note a full citation. All text goes through the escaping `html` template.
 */
export function dossierHtml(dossier: Dossier, meta: PrintMeta): string {
  const t = PRINT_LABELS[meta.lang];
  const notes = new Endnotes(dossier.citations, new Set(dossier.sources.map((x) => x.id)));
  const name = (id: unknown) => (id ? (dossier.labels[s(id)] ?? t.notShown) : '—');
  const person = dossier.person;
  const personName = dossier.labels[person.id] ?? s(person.familyNames);

  // Sections are built in reading order, so endnotes number in the order a reader meets them.
  const body = [
    identity(person, t, notes),
    status(dossier, t, notes, name),
    custody(dossier, t, notes, name),
    allegations(dossier, t, notes, name),
    proceedings(dossier, t, notes, name),
    dueProcess(dossier, t, notes),
    incidents(dossier, t, notes, name),
    testimonies(dossier, t, notes, name),
    statements(dossier, t, notes, name),
    claims(dossier, t, notes, name),
    unsourced(dossier, t, name),
  ];
  const endnotes = endnoteList(dossier, t, notes);

  return html`<!doctype html>
<html lang="${meta.lang}"><head><meta charset="utf-8">
<title>${t.title}: ${personName}</title>
<style>${STYLE}</style></head>
<body>
<header class="caption">
  <p class="placeholder">${t.caption}</p>
  <h1>${t.title}: ${personName}</h1>
  <table class="meta">
    <tr><th>${t.generatedAt}</th><td>${meta.generatedAt}</td></tr>
    <tr><th>${t.requestedBy}</th><td>${meta.requestedBy}</td></tr>
    <tr><th>${t.clearance}</th><td>${meta.clearance} — ${t.clearanceNote}</td></tr>
    <tr><th>${t.auditHead}</th><td class="mono">${meta.auditHead.seq}:${meta.auditHead.hash}<br><small>${t.auditNote}</small></td></tr>
  </table>
</header>
${body}
${endnotes}
</body></html>`.value;
}

/** Header and footer Chromium prints on every page; its own spans fill in the page numbers. */
export function pageTemplates(dossier: Dossier, meta: PrintMeta) {
  const t = PRINT_LABELS[meta.lang];
  const personName = dossier.labels[dossier.person.id] ?? '';
  const style = 'font-family: serif; font-size: 8pt; width: 100%; margin: 0 12mm; color: #333;';
  return {
    headerTemplate: html`<div style="${style}">${t.caption} — ${t.title}: ${personName}</div>`
      .value,
    footerTemplate: html`<div style="${style} display: flex; justify-content: space-between;">
      <span>${t.auditHead}: ${meta.auditHead.seq}:${meta.auditHead.hash.slice(0, 16)}… · ${meta.generatedAt}</span>
      <span>${t.page} <span class="pageNumber"></span> ${t.of} <span class="totalPages"></span></span>
    </div>`.value,
  };
}

function section(title: string, content: Html | Html[], empty: boolean, t: PrintLabels): Html {
  return html`<section><h2>${title}</h2>${empty ? html`<p class="none">${t.none}</p>` : content}</section>`;
}

function row(label: string, value: Html | string, show = true): Html {
  return show ? html`<tr><th>${label}</th><td>${value}</td></tr>` : html``;
}

function identity(person: Rec, t: PrintLabels, notes: Endnotes): Html {
  const ids = list(person.identifiers);
  const aliases = Array.isArray(person.aliases) ? (person.aliases as unknown[]).map(s) : [];
  return section(
    t.identity,
    html`<table class="facts">
      ${row(t.names, html`${s(person.givenNames)} ${s(person.familyNames)}${notes.refs(person.id)}`)}
      ${row(t.aliases, aliases.join('; '), aliases.length > 0)}
      ${row(t.sex, html`${code(person.sex)}${notes.refs(person.id, 'sex')}`, Boolean(person.sex))}
      ${row(t.birthDate, html`${s(person.birthDate)}${notes.refs(person.id, 'birthDate')}`, Boolean(person.birthDate))}
      ${row(t.nationalities, list(person.nationalities).join(', '), list(person.nationalities).length > 0)}
      ${row(
        t.identifiers,
        html`${ids.map((i) => html`<div>${code(i.kind)}: ${s(i.value)}${i.country ? ` (${s(i.country)})` : ''}</div>`)}`,
        ids.length > 0,
      )}
      ${row(t.occupation, s(person.occupation), Boolean(person.occupation))}
      ${row(t.languages, list(person.languages).join(', '), list(person.languages).length > 0)}
      ${row(t.roles, list(person.roles).map(code).join(', '), list(person.roles).length > 0)}
      ${row(t.notes, s(person.notes), Boolean(person.notes))}
    </table>`,
    false,
    t,
  );
}

function status(d: Dossier, t: PrintLabels, notes: Endnotes, name: (id: unknown) => string): Html {
  const st = d.status;
  const marks = notes.marks(st.sourceIds.map((sourceId) => notes.note({ sourceId })));
  return section(
    t.status,
    html`<table class="facts status">
      ${row(t.state, html`<strong>${t.states[st.state] ?? code(st.state)}</strong>${marks}`)}
      ${row(t.place, name(st.placeId), Boolean(st.placeId))}
      ${row(t.custodian, name(st.custodianId), Boolean(st.custodianId))}
      ${row(t.jurisdiction, s(st.jurisdiction), Boolean(st.jurisdiction))}
      ${row(t.asOf, st.asOf ?? t.unknown)}
    </table>`,
    false,
    t,
  );
}

function custody(d: Dossier, t: PrintLabels, notes: Endnotes, name: (id: unknown) => string): Html {
  const events = new Map(d.custody.events.map((e) => [e.id, e]));
  return section(
    t.custody,
    html`<table class="grid"><thead><tr>
      <th>${t.from}</th><th>${t.to}</th><th>${t.event}</th><th>${t.state}</th><th>${t.place}</th>
      <th>${t.custodian}</th><th>${t.jurisdiction}</th><th>${t.gaps}</th></tr></thead><tbody>
      ${d.custody.chain.map((span) => {
        const event = events.get(span.eventId);
        const gap = span.gaps.length > 0;
        return html`<tr class="${gap ? 'gap' : ''}">
          <td>${span.from ?? '?'}</td><td>${span.to ?? t.ongoing}</td>
          <td>${code(span.kind)}${notes.refs(span.eventId)}${event?.description ? html`<div class="small">${s(event.description)}</div>` : ''}</td>
          <td>${t.states[span.state] ?? code(span.state)}</td>
          <td>${name(span.placeId)}</td><td>${name(span.custodianId)}</td><td>${s(span.jurisdiction)}</td>
          <td>${span.gaps.map((g) => t.gapKinds[g] ?? code(g)).join('; ')}</td></tr>`;
      })}
    </tbody></table>`,
    d.custody.chain.length === 0,
    t,
  );
}

function allegations(d: Dossier, t: PrintLabels, notes: Endnotes, name: (id: unknown) => string) {
  return section(
    t.allegations,
    d.allegations.map(
      (a) => html`<div class="item"><h3>${s(a.claim)}${notes.refs(a.id)}</h3>
      <table class="facts">
        ${row(t.madeBy, name(a.madeByPersonId ?? a.madeByOrganizationId), Boolean(a.madeByPersonId ?? a.madeByOrganizationId))}
        ${row(t.when, s(a.madeAt), Boolean(a.madeAt))}
        ${row(t.category, `${code(a.category)}${a.group ? ` — ${s(a.group)}` : ''}`)}
        ${row(t.basis, list(a.basis).map(code).join(', '), list(a.basis).length > 0)}
        ${row(t.instrument, s(a.legalInstrument), Boolean(a.legalInstrument))}
        ${row(t.status, code(a.status))}
        ${row(t.response, code(a.response), Boolean(a.response))}
        ${row(
          t.evidence,
          html`${list(a.evidence).map(
            (e) =>
              html`<div>${code(e.stance)}: ${s(e.description)}${notes.marks([
                e.sourceId
                  ? notes.note({ sourceId: s(e.sourceId), locator: e.locator as string })
                  : null,
              ])}</div>`,
          )}`,
          list(a.evidence).length > 0,
        )}
      </table></div>`,
    ),
    d.allegations.length === 0,
    t,
  );
}

function proceedings(d: Dossier, t: PrintLabels, notes: Endnotes, name: (id: unknown) => string) {
  const eventLine = (e: Rec) => {
    const hearing = e.hearing as Rec | undefined;
    const order = e.order as Rec | undefined;
    return html`<tr><td>${s(e.occurredAt)}</td><td>${code(e.kind)}${e.entryNumber ? ` #${s(e.entryNumber)}` : ''}</td>
      <td>${s(e.title)}${notes.refs(e.id)}${notes.marks([e.sourceId ? notes.note({ sourceId: s(e.sourceId) }) : null])}
      ${e.description ? html`<div class="small">${s(e.description)}</div>` : ''}
      ${hearing ? html`<div>${t.hearing}: ${s(hearing.scheduledFor)} ${code(hearing.mode)} ${name(hearing.placeId)}</div>` : ''}
      ${order ? html`<div>${s(order.directive)}${order.deadline ? html` — ${t.deadline}: ${s(order.deadline)}` : ''} ${code(order.compliance)}</div>` : ''}
      ${e.dueAt ? html`<div>${t.deadline}: ${s(e.dueAt)}</div>` : ''}</td></tr>`;
  };
  const upcoming = d.process.upcoming;
  return section(
    t.process,
    html`${d.process.proceedings.map((p) => {
      const entries = d.process.events.filter((e) => e.proceedingId === p.id);
      return html`<div class="item"><h3>${s(p.title)}${notes.refs(p.id)}</h3>
        <table class="facts">
          ${row(t.docket, s(p.docketNumber), Boolean(p.docketNumber))}
          ${row(t.forum, name(p.forumId), Boolean(p.forumId))}
          ${row(t.kind, code(p.kind))}
          ${row(t.status, code(p.status))}
          ${row(t.filed, s(p.filedAt), Boolean(p.filedAt))}
        </table>
        ${entries.length > 0 ? html`<h4>${t.docketEntries}</h4><table class="grid"><tbody>${entries.map(eventLine)}</tbody></table>` : ''}
      </div>`;
    })}
    ${upcoming.length > 0 ? html`<h3>${t.upcoming}</h3><table class="grid"><tbody>${upcoming.map(eventLine)}</tbody></table>` : ''}`,
    d.process.proceedings.length === 0,
    t,
  );
}

function dueProcess(d: Dossier, t: PrintLabels, notes: Endnotes) {
  const dp = d.process.dueProcess;
  const decided = (ids: string[]) => notes.marks(ids.flatMap((id) => notes.notesOf(id)));
  return section(
    t.dueProcess,
    html`<table class="grid"><thead><tr><th>${t.item}</th><th>${t.answer}</th><th>${t.note}</th></tr></thead><tbody>
      ${dp.items.map(
        (i) => html`<tr class="answer-${i.answer}"><td>${t.items[i.item] ?? code(i.item)}</td>
          <td><strong>${t.answers[i.answer] ?? i.answer}</strong>${decided(i.decidedBy)}</td><td>${i.note}</td></tr>`,
      )}
      ${dp.daysHeldWithoutCharge ? html`<tr><td>${t.daysWithoutCharge}</td><td><strong>${range(dp.daysHeldWithoutCharge)}</strong>${decided(dp.daysHeldWithoutCharge.decidedBy)}</td><td>${dp.daysHeldWithoutCharge.from} – ${dp.daysHeldWithoutCharge.to ?? t.ongoing}</td></tr>` : ''}
      ${dp.daysIncommunicado ? html`<tr><td>${t.daysIncommunicado}</td><td><strong>${range(dp.daysIncommunicado)}</strong>${decided(dp.daysIncommunicado.decidedBy)}</td><td></td></tr>` : ''}
    </tbody></table>`,
    false,
    t,
  );
}

const range = (r: { min: number; max: number }) =>
  r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;

function incidents(d: Dossier, t: PrintLabels, notes: Endnotes, name: (id: unknown) => string) {
  const list_ = d.harm.incidents;
  return section(
    t.incidents,
    list_.map(
      (
        i,
      ) => html`<div class="item"><h3>${code(i.kind)}${list(i.additionalKinds).length ? `, ${list(i.additionalKinds).map(code).join(', ')}` : ''}${notes.refs(i.id)}</h3>
      <table class="facts">
        ${row(t.when, `${s(i.occurredFrom) || '?'}${i.occurredTo ? ` – ${s(i.occurredTo)}` : ''}`)}
        ${row(t.place, name(i.placeId), Boolean(i.placeId))}
        ${row(
          t.perpetrators,
          list(i.perpetrators)
            .map(
              (p) =>
                `${p.personId || p.organizationId ? name(p.personId ?? p.organizationId) : s(p.description)}${p.role ? ` (${s(p.role)})` : ''}`,
            )
            .join('; '),
          list(i.perpetrators).length > 0,
        )}
        ${row(t.description, s(i.description))}
        ${row(t.confidence, code(i.confidence), Boolean(i.confidence))}
      </table></div>`,
    ),
    list_.length === 0,
    t,
  );
}

function testimonies(d: Dossier, t: PrintLabels, notes: Endnotes, name: (id: unknown) => string) {
  const list_ = d.harm.testimonies;
  return section(
    t.testimonies,
    list_.map((x) => {
      const transcript = x.transcript as Rec | undefined;
      return html`<div class="item"><h3>${s(x.title) || t.testimonies}${notes.refs(x.id)}</h3>
      <table class="facts">
        ${row(t.givenBy, name(x.givenById))}
        ${row(t.when, s(x.takenAt), Boolean(x.takenAt))}
        ${row(t.medium, code(x.medium), Boolean(x.medium))}
        ${row(t.consent, code(x.consentScope))}
        ${row(
          t.excerpts,
          html`${list(x.excerpts).map((e) => html`<blockquote>“${s(e.text)}”${e.locator ? html` <span class="small">(${s(e.locator)})</span>` : ''}</blockquote>`)}`,
          list(x.excerpts).length > 0,
        )}
        ${row(t.transcript, transcript ? html`<div class="transcript">${s(transcript.text)}</div>` : html`<em>${t.withheld}</em>`)}
      </table></div>`;
    }),
    list_.length === 0,
    t,
  );
}

function statements(d: Dossier, t: PrintLabels, notes: Endnotes, name: (id: unknown) => string) {
  return section(
    t.statements,
    d.statements.map(
      (st) => html`<div class="item"><blockquote>“${s(st.text)}”${notes.refs(st.id)}${notes.marks([
        st.sourceId ? notes.note({ sourceId: s(st.sourceId) }) : null,
      ])}</blockquote>
      <p class="small">— ${name(st.speakerPersonId ?? st.speakerOrganizationId)}${st.madeAt ? `, ${s(st.madeAt)}` : ''}${st.venue ? `, ${code(st.venue)}` : ''}${st.url ? html`, <span class="url">${s(st.url)}</span>` : ''}</p></div>`,
    ),
    d.statements.length === 0,
    t,
  );
}

function claims(d: Dossier, t: PrintLabels, notes: Endnotes, name: (id: unknown) => string) {
  const statementsById = new Map(d.statements.map((st) => [st.id, st]));
  return section(
    t.claims,
    (d.claims as Rec[]).map(
      (
        c,
      ) => html`<div class="item"><h3>${c.contested ? html`<span class="contested">${t.contested}</span> ` : ''}${s(c.text)}${notes.refs(c.id)}</h3>
      <ul>${list(c.positions).map((p) => {
        const st = statementsById.get(s(p.statementId));
        return html`<li><strong>${code(p.stance)}</strong>: ${st ? name(st.speakerPersonId ?? st.speakerOrganizationId) : t.notShown}${st?.madeAt ? `, ${s(st.madeAt)}` : ''}${p.note ? ` — ${s(p.note)}` : ''}</li>`;
      })}</ul></div>`,
    ),
    d.claims.length === 0,
    t,
  );
}

function unsourced(d: Dossier, t: PrintLabels, name: (id: unknown) => string) {
  if (d.unsourced.length === 0) return html``;
  const all = factRecords(d);
  const byId = new Map(all.map((r) => [r.id, r]));
  return section(
    t.unsourced,
    html`<p>${t.unsourcedNote}</p><ul>${d.unsourced.map((id) => {
      const r = byId.get(id);
      const label = d.labels[id] ?? s(r?.title ?? r?.claim ?? r?.text ?? r?.kind ?? '');
      return html`<li>${label || name(id)}</li>`;
    })}</ul>`,
    false,
    t,
  );
}

function endnoteList(d: Dossier, t: PrintLabels, notes: Endnotes): Html {
  const sources = new Map(d.sources.map((x) => [x.id, x]));
  return section(
    t.endnotes,
    html`<ol class="endnotes">${notes.notes.map((n) => {
      const src = sources.get(n.sourceId) as Rec;
      const authors = list(src.authors).map(s).join(', ');
      const grade = [src.reliability, src.credibility].filter(Boolean).map(s).join('');
      return html`<li value="${n.number}">${authors ? `${authors}, ` : ''}<cite>${s(src.title)}</cite>.
        ${src.publisher ? `${s(src.publisher)}.` : ''} ${code(src.kind)}${src.publishedAt ? `, ${t.published} ${s(src.publishedAt)}` : ''}.
        ${src.url ? html`<span class="url">${s(src.url)}</span>` : ''}${src.accessedAt ? ` (${t.accessed} ${s(src.accessedAt)})` : ''}
        ${src.archivedUrl ? html`; ${t.archived}: <span class="url">${s(src.archivedUrl)}</span>` : ''}
        ${n.locator ? ` — ${s(n.locator)}` : ''}${n.field ? ` (${t.forField} ${s(n.field)})` : ''}
        ${n.quote ? html`<blockquote>“${s(n.quote)}”</blockquote>` : ''}
        ${grade ? html`<span class="small">${t.grade}: ${grade}</span>` : ''}</li>`;
    })}</ol>`,
    notes.notes.length === 0,
    t,
  );
}

const STYLE = `
  body { font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 10pt; line-height: 1.35; color: #000; }
  h1 { font-size: 16pt; margin: 4pt 0 8pt; }
  h2 { font-size: 12.5pt; border-bottom: 1px solid #000; margin: 14pt 0 6pt; break-after: avoid; }
  h3 { font-size: 10.5pt; margin: 8pt 0 3pt; break-after: avoid; }
  h4 { font-size: 10pt; margin: 6pt 0 2pt; }
  .placeholder { font-style: italic; color: #555; border: 1px dashed #888; padding: 4pt; }
  table { border-collapse: collapse; width: 100%; }
  table.facts th { text-align: left; vertical-align: top; width: 28%; padding: 1pt 6pt 1pt 0; font-weight: normal; color: #333; }
  table.facts td { vertical-align: top; padding: 1pt 0; }
  table.meta th { text-align: left; width: 30%; font-weight: normal; color: #333; vertical-align: top; }
  table.grid th, table.grid td { border: 1px solid #999; padding: 2pt 3pt; vertical-align: top; text-align: left; }
  table.grid thead { display: table-header-group; }
  tr { break-inside: avoid; }
  tr.gap td { background: #eee; font-style: italic; }
  tr.answer-no td strong { text-decoration: underline; }
  .item { break-inside: avoid; margin-bottom: 6pt; }
  .small { font-size: 8.5pt; color: #333; }
  .mono, .url { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
  sup.ref { font-size: 7pt; }
  .contested { border: 1px solid #000; padding: 0 2pt; font-size: 8pt; }
  blockquote { margin: 2pt 0 2pt 12pt; }
  .transcript { white-space: pre-wrap; }
  ol.endnotes li { margin-bottom: 4pt; }
  .none { color: #555; font-style: italic; }
`;
