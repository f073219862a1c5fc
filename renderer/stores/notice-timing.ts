// How long an ordinary notice stays on screen. Errors and urgent notices (deadline warnings) stay
// until the learner dismisses them.
export const NOTICE_MS = 6000;
