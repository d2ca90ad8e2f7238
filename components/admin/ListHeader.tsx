import Link from "next/link";
import { buttonClass } from "./form-styles";

/** An admin list page's title, with the link that creates a new entry. */
export function ListHeader({ title, newHref, newLabel }: { title: string; newHref: string; newLabel: string }) {
  return (
    <div className="flex items-center justify-between">
      <h1 className="text-xl font-semibold">{title}</h1>
      <Link href={newHref} className={buttonClass}>
        {newLabel}
      </Link>
    </div>
  );
}
