/**
 * A bar chart in plain SVG: one row per figure, its label and value as text
 * (read by screen readers, printed, mirrored for right-to-left pages), the bar
 * drawn from the start side.
 */
export function BarChart({ title, rows }: { title: string; rows: { label: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <table className="chart-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td className="chart-bar-cell">
                <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false" className="chart-svg">
                  <rect x={0} y={1} width={(row.value / max) * 100} height={8} className="chart-bar" />
                </svg>
              </td>
              <td className="chart-value">{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
