// electron-vite's import suffix for bundling a worker as its own file.
declare module '*?modulePath' {
  const path: string;
  export default path;
}
