/** A horizontal bar chart in plain SVG, with the figures as text so screen readers and print get them too. */
export function BarChart({ title, rows }: { title: string; rows: { label: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  const rowHeight = 26;
  const height = Math.max(1, rows.length) * rowHeight;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={title} viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" height={height} width="100%">
        {rows.map((row, i) => (
          <rect
            key={row.label}
            x={0}
            y={i * rowHeight + 4}
            width={(row.value / max) * 100}
            height={rowHeight - 8}
            className="chart-bar"
          />
        ))}
      </svg>
      <table className="chart-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
