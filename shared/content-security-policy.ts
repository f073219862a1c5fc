// The one Content-Security-Policy of Outpost's page: the desktop app's app:// handler and browser mode
// both send it as a header, and the build writes it into index.html as well, so the end-to-end tests
// (browser mode) run the screens under exactly the policy the desktop app enforces.
//
// No 'unsafe-inline' anywhere: pack Markdown is sanitised without style attributes or <style>, and the
// screens set styles only through React's style prop (CSSOM properties, which a policy does not
// govern), so an injected style attribute or element is refused rather than applied.

const DIRECTIVES: ReadonlyArray<readonly [name: string, sources: string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  // blob: for pack images, which the page fetches through the API and shows from object URLs.
  ['img-src', "'self' blob: data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** Sent as the `Content-Security-Policy` header with every page and asset. */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, sources]) => `${name} ${sources}`).join('; ');

// A <meta> policy cannot carry frame-ancestors (browsers ignore it there and say so in the console);
// the header does.
/** The same policy for the page's own `<meta http-equiv>`, which holds even where no header is sent. */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.filter(([name]) => name !== 'frame-ancestors')
  .map(([name, sources]) => `${name} ${sources}`)
  .join('; ');
