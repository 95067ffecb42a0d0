import type { DossierService } from '../dossier/service.js';
import type { ServiceContext } from '../records/service.js';
import type { Services } from '../services.js';
import { dossierHtml, pageTemplates } from './document.js';
import type { PrintLanguage } from './labels.js';
import type { Paper, PdfRenderer } from './pdf-renderer.js';

export interface PrintOptions {
  paper: Paper;
  lang: PrintLanguage;
}

/**
 * The person dossier as a PDF for a court filing: built from the same dossier service as the
 * API (so it shows exactly what the caller may see), stamped with who asked, when, and the audit
 * head that records this very export, then printed by Chromium.
 */
export class DossierPrintService {
  constructor(
    private readonly services: Pick<Services, 'audit' | 'auth'>,
    private readonly dossiers: DossierService,
    private readonly renderer: PdfRenderer,
  ) {}

  async personPdf(ctx: ServiceContext, personId: string, options: PrintOptions): Promise<Buffer> {
    const dossier = await this.dossiers.forPerson(ctx, personId);
    // Before the export is recorded: a missing Chromium must not leave an export on the log.
    await this.renderer.ensureAvailable();
    const auditHead = await this.services.audit.append({
      actor: ctx.actor.id,
      action: 'export.dossier_pdf',
      targetType: 'person',
      targetId: personId,
      ip: ctx.ip,
      requestId: ctx.requestId,
      details: { paper: options.paper, lang: options.lang, clearance: ctx.actor.clearance },
    });
    const meta = {
      generatedAt: new Date().toISOString(),
      requestedBy: await this.requester(ctx),
      clearance: ctx.actor.clearance,
      auditHead,
      lang: options.lang,
    };
    return this.renderer.render({
      html: dossierHtml(dossier, meta),
      paper: options.paper,
      ...pageTemplates(dossier, meta),
    });
  }

  /** The account's name and e-mail; a system actor (the CLI) by its id. */
  private async requester(ctx: ServiceContext): Promise<string> {
    if (ctx.actor.id.startsWith('system')) return ctx.actor.id;
    const user = await this.services.auth.me(ctx.actor).catch(() => null);
    return user ? `${user.displayName} <${user.email}>` : ctx.actor.id;
  }
}
