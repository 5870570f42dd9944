/**
 * A small Prometheus registry: counters and summaries kept in memory per process (per isolate on
 * the edge), rendered in the text exposition format at GET /metrics.
 */
type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    )
    .join(",");

interface Series {
  help: string;
  type: "counter" | "gauge";
  values: Map<string, number>;
}

export class Metrics {
  private readonly series = new Map<string, Series>();

  private get(name: string, help: string, type: Series["type"]) {
    let s = this.series.get(name);
    if (!s) {
      s = { help, type, values: new Map() };
      this.series.set(name, s);
    }
    return s;
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1) {
    const s = this.get(name, help, "counter");
    const k = key(labels);
    s.values.set(k, (s.values.get(k) ?? 0) + by);
  }

  set(name: string, help: string, labels: Labels, value: number) {
    this.get(name, help, "gauge").values.set(key(labels), value);
  }

  value(name: string, labels: Labels = {}): number {
    return this.series.get(name)?.values.get(key(labels)) ?? 0;
  }

  render(): string {
    const out: string[] = [];
    for (const [name, s] of this.series) {
      out.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      for (const [labels, v] of s.values) out.push(`${name}${labels ? `{${labels}}` : ""} ${v}`);
    }
    return `${out.join("\n")}\n`;
  }
}
