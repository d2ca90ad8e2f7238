/** A stored time, shown compactly in UTC (the admin tables' one zone), with the exact value in the tooltip. */
export function Timestamp({ value }: { value: string | null }) {
  if (!value) return <span className="text-zinc-400">—</span>;
  return (
    <time dateTime={value} title={value} className="whitespace-nowrap tabular-nums">
      {value.slice(0, 16).replace("T", " ")} UTC
    </time>
  );
}
