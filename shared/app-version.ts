// The app's own version, compared with a pack's `min_app_version`. Kept equal to package.json's
// version by a test.
export const APP_VERSION = '0.1.0';
