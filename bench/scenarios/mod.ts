/** Every scenario, by name, in table order. @module */

import type { Scenario, ScenarioName } from "../scenario.ts";
import { coldstart } from "./coldstart.ts";
import { concurrency } from "./concurrency.ts";
import { latency } from "./latency.ts";
import { memory } from "./memory.ts";
import { throughput } from "./throughput.ts";
import { turns } from "./turns.ts";
import { fanout } from "./fanout.ts";
import { tracing } from "./tracing.ts";
import { compat } from "./compat.ts";

/** The scenarios. */
export const SCENARIOS: Record<ScenarioName, Scenario> = {
  turns,
  throughput,
  memory,
  coldstart,
  concurrency,
  latency,
  fanout,
  tracing,
  compat,
};
