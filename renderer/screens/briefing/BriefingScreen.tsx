export function BriefingScreen({ missionId }: { missionId: number }) {
  return <section><h1>Mission {missionId}</h1></section>;
}
