import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries/index.js';

/**
 * i18n-iso-countries with its English names only. The package's default entry registers all of
 * its 80 languages when loaded, a tenth of the server's cold start; Habeas validates codes and
 * reads English country names, and the web app names countries with `Intl.DisplayNames`.
 */
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

export default countries;
