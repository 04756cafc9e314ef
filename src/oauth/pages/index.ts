export { appNameForRedirectUri } from './app-names.js';
export { type Branding, fillAppName, loadBrandingFile, parseBranding } from './branding.js';
export {
  ALLOW_SCOPE_FIELD_PREFIX,
  type ConsentPageOptions,
  CSRF_FIELD,
  consentPage,
  DECISION_FIELD,
} from './consent-page.js';
export { type ErrorPageOptions, errorPage } from './error-page.js';
export type { RenderedPage } from './html.js';
export { type InterstitialPageOptions, interstitialPage } from './interstitial-page.js';
