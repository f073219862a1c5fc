// The files of `outpost pack new`: the smallest pack that shows every part of the format and passes
// validation (a test keeps it so).

export function scaffoldFiles(id: string, title: string): Record<string, string> {
  return {
    'pack.yaml': `id: ${id}
title: ${title}
version: 0.1.0
description: What this pack teaches, in one or two sentences.
authors: [Your Name <you@example.org>]
license: CC-BY-4.0
min_app_version: 0.1.0
`,
    'missions/DEMO-01/mission.yaml': `code: DEMO-01
title: Find the noisy host
summary: Spot the workstation that floods the proxy with beacons.
tier: beginner
track: defender
story: story.md
objectives: [Find the host, Decide what to do, Report]
estimated_minutes: 30
time_limit_minutes: 60
on_deadline: submit
prerequisites: []
reflection: { required: true, prompt: What would you check first next time?, min_words: 20 }
success: { pass_score: 70 }
rubric: standard
start: find-host
stages:
  - id: find-host
    kind: task
    title: Find the host
    body: stages/find-host.md
    weight: 50
    evidence: { required: false, max_files: 3, accept: [.png, .txt, .log] }
    hints:
      - { text: Sort the proxy log by source address., penalty: 5 }
      - { text: Look for requests at a fixed interval., penalty: 10, after_minutes: 5 }
    recipes: [reading-proxy-logs]
    tools: [grep]
    answer: { value: 10.0.4.21, match: trimmed, attempts: 5 }
    next: respond
  - id: respond
    kind: decision
    prompt: The host is still beaconing. What now?
    options:
      - { id: isolate, label: Isolate the host, next: report, set: { isolated: true } }
      - { id: watch, label: Keep watching for an hour, next: report, score: -5 }
  - id: report
    kind: task
    title: Write the report
    body: stages/report.md
    weight: 50
    questions:
      - { id: q1, kind: single, text: Which log showed the beacon?, points: 1, choices: [{ text: proxy log, correct: true }, { text: DHCP log }] }
`,
    'missions/DEMO-01/story.md': `# Find the noisy host

The proxy team reports a workstation that calls the same address every sixty seconds.
Open [the proxy log](assets/proxy.log) and find it.
`,
    'missions/DEMO-01/stages/find-host.md': `Find the internal address that makes the regular requests in [the proxy log](../assets/proxy.log).
`,
    'missions/DEMO-01/stages/report.md': `Write two sentences for the next analyst: what you found and what you did.
`,
    'missions/DEMO-01/assets/proxy.log': `2026-03-02T09:00:01Z 10.0.4.21 GET http://203.0.113.7/beacon 200
2026-03-02T09:00:14Z 10.0.4.30 GET http://intranet.example/ 200
2026-03-02T09:01:01Z 10.0.4.21 GET http://203.0.113.7/beacon 200
2026-03-02T09:02:01Z 10.0.4.21 GET http://203.0.113.7/beacon 200
`,
    'recipes/reading-proxy-logs.md': `---
id: reading-proxy-logs
title: Read a proxy log
type: technical
skills: [proxy-logs]
minutes: 10
level: beginner
---
Each line is one request: time, source address, method, URL and status.
Regular intervals from one source often mean automated traffic.
`,
    'rubrics/standard.yaml': `id: standard
title: Standard
criteria:
  - id: accuracy
    title: Findings are correct
    levels:
      - { points: 0, label: Wrong }
      - { points: 2, label: Partly right }
      - { points: 4, label: Right and evidenced }
  - id: communication
    title: Clear for the next analyst
    levels:
      - { points: 0, label: Unclear }
      - { points: 2, label: Clear }
`,
  };
}
