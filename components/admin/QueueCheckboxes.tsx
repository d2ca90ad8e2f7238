/** A checkbox per queue, named `name`; `<name>:present` tells the action that none checked means none. */
export function QueueCheckboxes({ name, legend, queues, checked }: { name: string; legend: string; queues: { id: number; name: string; valid: boolean }[]; checked: number[] }) {
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">{legend}</legend>
      <input type="hidden" name={`${name}:present`} value="1" />
      <div className="grid gap-1 text-sm sm:grid-cols-3">
        {queues.map((queue) => (
          <label key={queue.id} className={`flex items-center gap-2 ${queue.valid ? "" : "text-zinc-400"}`}>
            <input type="checkbox" name={name} value={queue.id} defaultChecked={checked.includes(queue.id)} />
            {queue.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
