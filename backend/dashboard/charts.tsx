import { plural } from "./format.js";

/**
 * Charts drawn on the server as inline SVG: no script, no fetch. Each is an image with a text
 * alternative (title and description) and comes with its numbers as text beside it. Fills keep at
 * least 3:1 against white (non-text contrast).
 */
const CATEGORY_COLOURS: Record<string, string> = {
  compilation: "#b42318",
  test: "#6f42c1",
  lint: "#8a5a00",
  dependency: "#1d5fa8",
  infrastructure: "#475467",
  configuration: "#0f766e",
  deployment: "#9d174d",
  unknown: "#57534e",
  pending: "#7a7a7a",
};
const colourOf = (category: string) => CATEGORY_COLOURS[category] ?? "#57534e";
const TEXT = "#1f2328";

export function CategoryChart(props: {
  id: string;
  title: string;
  rows: { category: string; count: number }[];
}) {
  const rowHeight = 28;
  const labelWidth = 130;
  const barSpace = 340;
  const width = labelWidth + barSpace + 60;
  const height = props.rows.length * rowHeight + 8;
  const max = Math.max(1, ...props.rows.map((r) => r.count));
  const summary = props.rows.map((r) => `${r.category}: ${r.count}`).join(", ");
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{summary}</desc>
      {props.rows.map((r, i) => {
        const y = i * rowHeight + 4;
        const w = Math.max(2, Math.round((r.count / max) * barSpace));
        return (
          <g>
            <text x={labelWidth - 8} y={y + 17} text-anchor="end" font-size="13" fill={TEXT}>
              {r.category}
            </text>
            <rect
              x={labelWidth}
              y={y + 3}
              width={w}
              height={rowHeight - 8}
              rx="3"
              fill={colourOf(r.category)}
            />
            <text x={labelWidth + w + 6} y={y + 17} font-size="13" fill={TEXT}>
              {r.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface DayCounts {
  day: string;
  counts: Record<string, number>;
}

/** Failures per day, stacked by category, over a fixed window (days without failures stay empty). */
export function DailyChart(props: { id: string; title: string; days: DayCounts[] }) {
  const columnWidth = 18;
  const plotHeight = 140;
  const left = 34;
  const width = left + props.days.length * columnWidth + 8;
  const height = plotHeight + 36;
  const totals = props.days.map((d) => Object.values(d.counts).reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const total = totals.reduce((a, b) => a + b, 0);
  const busiest = totals.indexOf(Math.max(...totals, 0));
  const first = props.days[0]?.day ?? "";
  const last = props.days.at(-1)?.day ?? "";
  const summary =
    total === 0
      ? `No failures between ${first} and ${last}.`
      : `${plural(total, "failure")} between ${first} and ${last}; busiest day ${props.days[busiest]?.day} with ${totals[busiest]}.`;
  const categories = [...new Set(props.days.flatMap((d) => Object.keys(d.counts)))].sort();
  return (
    <figure>
      <svg
        class="chart"
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{summary}</desc>
        <line x1={left} y1={plotHeight + 4} x2={width - 4} y2={plotHeight + 4} stroke="#6e7781" />
        <text x={left - 6} y={14} text-anchor="end" font-size="12" fill={TEXT}>
          {max}
        </text>
        <text x={left - 6} y={plotHeight + 4} text-anchor="end" font-size="12" fill={TEXT}>
          0
        </text>
        {props.days.map((d, i) => {
          let y = plotHeight + 4;
          return (
            <g>
              {categories
                .filter((c) => (d.counts[c] ?? 0) > 0)
                .map((c) => {
                  const h = Math.max(2, Math.round(((d.counts[c] ?? 0) / max) * (plotHeight - 10)));
                  y -= h;
                  return (
                    <rect
                      x={left + i * columnWidth + 2}
                      y={y}
                      width={columnWidth - 4}
                      height={h}
                      fill={colourOf(c)}
                    />
                  );
                })}
            </g>
          );
        })}
        <text x={left} y={height - 6} font-size="12" fill={TEXT}>
          {first}
        </text>
        <text x={width - 4} y={height - 6} text-anchor="end" font-size="12" fill={TEXT}>
          {last}
        </text>
      </svg>
      <figcaption>
        <Legend categories={categories} />
        <details>
          <summary>Failures per day as a table</summary>
          <table>
            <caption class="sr-only">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Failures</th>
                <th scope="col">By category</th>
              </tr>
            </thead>
            <tbody>
              {props.days
                .filter((_, i) => (totals[i] ?? 0) > 0)
                .map((d) => (
                  <tr>
                    <td>{d.day}</td>
                    <td>{Object.values(d.counts).reduce((a, b) => a + b, 0)}</td>
                    <td>
                      {Object.entries(d.counts)
                        .map(([c, n]) => `${c} ${n}`)
                        .join(", ")}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}

function Legend(props: { categories: string[] }) {
  if (props.categories.length === 0) return null;
  return (
    <ul class="legend" aria-label="Legend">
      {props.categories.map((c) => (
        <li>
          <svg width="12" height="12" aria-hidden="true" focusable="false">
            <rect width="12" height="12" rx="2" fill={colourOf(c)} />
          </svg>{" "}
          {c}
        </li>
      ))}
    </ul>
  );
}

/** Fills a window of days so quiet days show as gaps rather than vanishing from the axis. */
export function fillDays(
  rows: { day: string; category: string; count: number }[],
  since: Date,
  until: Date,
): DayCounts[] {
  const days: DayCounts[] = [];
  const start = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  for (let t = start; t <= until.getTime(); t += 86_400_000) {
    days.push({ day: new Date(t).toISOString().slice(0, 10), counts: {} });
  }
  for (const r of rows) {
    const d = days.find((x) => x.day === r.day);
    if (d) d.counts[r.category] = (d.counts[r.category] ?? 0) + Number(r.count);
  }
  return days;
}
