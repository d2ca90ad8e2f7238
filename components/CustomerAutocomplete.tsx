"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

export interface CustomerSuggestion {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
}

export interface CustomerAutocompleteProps {
  /** The field's name in its form: the chosen or typed address is submitted under it. */
  name: string;
  id?: string;
  defaultValue?: string;
  placeholder?: string;
  className?: string;
  invalid?: boolean;
  describedBy?: string;
  /** Told of every change to the text, typed or picked. */
  onValueChange?(value: string): void;
  /** Told when a suggestion is chosen. */
  onPick?(customer: CustomerSuggestion): void;
}

const MIN_QUERY = 2;
const DELAY_MS = 150;

/**
 * An e-mail field that suggests known customers as the agent types (by address or name, from
 * GET /api/v1/customers): arrows move, Enter or a click picks, Escape closes. Any address may
 * still be typed; a new one becomes a customer when the ticket is created.
 */
export function CustomerAutocomplete({ name, id, defaultValue = "", placeholder, className, invalid, describedBy, onValueChange, onPick }: CustomerAutocompleteProps) {
  const listId = useId();
  const [value, setValue] = useState(defaultValue);
  const [suggestions, setSuggestions] = useState<CustomerSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const picked = useRef<string | null>(null);

  useEffect(() => {
    const query = value.trim();
    if (query.length < MIN_QUERY || picked.current === value) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/v1/customers?${new URLSearchParams({ q: query, limit: "8" })}`, { signal: controller.signal, credentials: "same-origin" })
        .then((response) => (response.ok ? (response.json() as Promise<CustomerSuggestion[]>) : []))
        .then((found) => {
          setSuggestions(found);
          setActive(-1);
          setOpen(found.length > 0);
        })
        .catch(() => {
          // Aborted by the next keystroke, or offline: no suggestions, typing goes on.
        });
    }, DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  const change = (next: string) => {
    setValue(next);
    onValueChange?.(next);
    if (next.trim().length < MIN_QUERY) setOpen(false);
  };

  const pick = (customer: CustomerSuggestion) => {
    picked.current = customer.email;
    change(customer.email);
    setOpen(false);
    onPick?.(customer);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!open) {
      if (event.key === "ArrowDown" && suggestions.length > 0) setOpen(true);
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current + step + suggestions.length) % suggestions.length);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      pick(suggestions[active]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="relative">
      <input
        id={id}
        name={name}
        type="text"
        inputMode="email"
        autoComplete="off"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={placeholder}
        value={value}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(suggestions.length > 0 && picked.current !== value && value.trim().length >= MIN_QUERY)}
        className={className}
      />
      {open && (
        <ul id={listId} role="listbox" aria-label="Customers" className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded border border-zinc-300 bg-white py-1 text-sm shadow-lg dark:border-zinc-600 dark:bg-zinc-900">
          {suggestions.map((customer, index) => (
            <li
              key={customer.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // mousedown, not click: the input must not lose focus (and close the list) first.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(customer);
              }}
              onMouseEnter={() => setActive(index)}
              className={`flex cursor-pointer items-baseline gap-2 px-2 py-1 ${index === active ? "bg-sky-100 dark:bg-sky-900" : ""}`}
            >
              <span className="truncate font-medium">{customer.email}</span>
              {customer.name && <span className="truncate text-zinc-600 dark:text-zinc-300">{customer.name}</span>}
              {customer.organisation && <span className="ml-auto truncate text-xs text-zinc-500">{customer.organisation}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
