export function RunScreen({ runId }: { runId: string }) {
  return <section><h1>Run {runId}</h1></section>;
}
