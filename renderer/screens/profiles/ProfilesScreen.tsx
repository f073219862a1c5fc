export function ProfilesScreen() {
  return <section><h1>ProfilesScreen</h1></section>;
}
