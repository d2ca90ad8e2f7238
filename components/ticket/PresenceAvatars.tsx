import type { Viewer } from "@/server/realtime/event-types";

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();

/** Who else has the ticket open, and who is writing on it right now. */
export function PresenceAvatars({ viewers, agentId }: { viewers: Viewer[]; agentId: number }) {
  const others = viewers.filter((viewer) => viewer.id !== agentId);
  if (others.length === 0) return null;
  return (
    <div className="flex items-center gap-1" data-testid="presence">
      {others.map((viewer) => (
        <span
          key={viewer.id}
          title={`${viewer.name} ${viewer.composing ? "is writing" : "is viewing"}`}
          data-testid="presence-viewer"
          data-composing={viewer.composing}
          className={`flex h-7 w-7 items-center justify-center rounded-full text-xs font-semibold text-white ${viewer.composing ? "bg-amber-600 ring-2 ring-amber-300" : "bg-sky-700"}`}
        >
          {initials(viewer.name)}
        </span>
      ))}
      <span className="ml-1 text-xs text-zinc-500">{others.some((viewer) => viewer.composing) ? `${others.filter((viewer) => viewer.composing).map((viewer) => viewer.name).join(", ")} writing…` : "also here"}</span>
    </div>
  );
}
