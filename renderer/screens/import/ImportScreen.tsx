export function ImportScreen() {
  return <section><h1>ImportScreen</h1></section>;
}
