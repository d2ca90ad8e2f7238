import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true once event handlers are attached.
 * A control that works only through its handler is disabled until then: a click on a slow page
 * would otherwise be lost, or submit its form natively (a GET with the fields in the URL).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}
