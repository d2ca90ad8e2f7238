"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { actionResult, type ActionResult } from "@/server/api/action-result";
import { formText } from "@/server/api/form-fields";
import { requireAgent } from "@/server/auth/require-agent";
import type { CustomerRecord } from "@/server/customers/find-customer";
import { updateCustomer } from "@/server/customers/update-customer";
import { parseInput } from "@/server/validation";

export async function updateCustomerAction(customerId: number, form: FormData): Promise<ActionResult<CustomerRecord>> {
  return actionResult(async () =>
    updateCustomer(getDb(), await requireAgent(), { id: parseInput(z.number().int().positive(), customerId), name: formText(form, "name"), organisation: formText(form, "organisation") }),
  );
}
