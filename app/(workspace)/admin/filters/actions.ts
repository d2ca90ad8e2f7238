"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { formCheckbox, formNumber, formText } from "@/server/api/form-fields";
import { requireAgent } from "@/server/auth/require-agent";
import { createFilter } from "@/server/mail/filters/create-filter";
import { deleteFilter } from "@/server/mail/filters/delete-filter";
import type { AdminFilter } from "@/server/mail/filters/filter-settings";
import { reorderFilters } from "@/server/mail/filters/reorder-filters";
import { updateFilter } from "@/server/mail/filters/update-filter";
import { parseInput } from "@/server/validation";

const id = z.number().int().positive();

/** The rules as the form numbers them (`matches.<n>.header`, …), in order, so that an error names the same field. */
function formMatches(form: FormData) {
  const indexes = [...new Set([...form.keys()].map((key) => /^matches\.(\d+)\.header$/.exec(key)?.[1]).filter((index): index is string => index !== undefined))].map(Number).sort((a, b) => a - b);
  return indexes.map((index) => ({
    header: formText(form, `matches.${index}.header`) ?? "",
    pattern: formText(form, `matches.${index}.pattern`) ?? "",
    negate: form.has(`matches.${index}.negate`),
  }));
}

function filterFields(form: FormData) {
  const queue = formText(form, "actions.queue");
  return {
    name: formText(form, "name") ?? "",
    matches: formMatches(form),
    actions: {
      ...(queue && { queue }),
      ...(formNumber(form, "actions.priority") !== undefined && { priority: formNumber(form, "actions.priority") }),
      ...(form.has("actions.ignore") && { ignore: true }),
      ...(form.has("actions.noAutoResponse") && { noAutoResponse: true }),
    },
    stop: formCheckbox(form, "stop"),
    valid: formCheckbox(form, "valid"),
  };
}

export async function createFilterAction(form: FormData): Promise<ActionResult<AdminFilter>> {
  return actionResult(async () => createFilter(getDb(), await requireAgent(), filterFields(form)));
}

export async function updateFilterAction(filterId: number, form: FormData): Promise<ActionResult<AdminFilter>> {
  return actionResult(async () => updateFilter(getDb(), await requireAgent(), { ...filterFields(form), id: parseInput(id, filterId) }));
}

export async function deleteFilterAction(filterId: number): Promise<ActionResult<null>> {
  return actionResult(async () => {
    await deleteFilter(getDb(), await requireAgent(), { id: parseInput(id, filterId) });
    return null;
  });
}

export async function reorderFiltersAction(ids: number[]): Promise<ActionResult<AdminFilter[]>> {
  return actionResult(async () => reorderFilters(getDb(), await requireAgent(), { ids }));
}
