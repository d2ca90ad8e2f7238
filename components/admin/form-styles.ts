/** Shared Tailwind classes of the admin and preferences forms. */
export const inputClass = "w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm outline-none focus:border-sky-600 focus:ring-2 focus:ring-sky-600/30 dark:border-zinc-700 dark:bg-zinc-900";
export const labelClass = "block space-y-1 text-sm";
export const buttonClass = "rounded bg-sky-700 px-3 py-1 text-sm font-semibold text-white hover:bg-sky-800 disabled:opacity-60";
export const secondaryButtonClass = "rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-600 dark:hover:bg-zinc-800";
export const sectionClass = "space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800";
export const tableClass = "w-full text-left text-sm [&_td]:border-t [&_td]:border-zinc-200 [&_td]:px-2 [&_td]:py-1.5 [&_th]:px-2 [&_th]:py-1 [&_th]:font-medium [&_th]:text-zinc-500 dark:[&_td]:border-zinc-800";
