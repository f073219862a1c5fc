export function LibraryScreen() {
  return <section><h1>LibraryScreen</h1></section>;
}
