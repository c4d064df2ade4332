import type { Actor } from "../../shared/permissions.ts";
import { listQuerySchema, parse } from "../../shared/validation/index.ts";
import type { KudosEntry } from "../../shared/domain.ts";
import type { KudosStore } from "../storage/kudos-store.ts";
import { AppError, badRequest } from "./app-error.ts";
import type { DepartmentService } from "./department-service.ts";
import type { Follower } from "./stats-service.ts";

/** `?limit=1..200&cursor=` (limit defaults to 50): the queue's paging, without its status. */
const kudosQuerySchema = listQuerySchema.pick({ limit: true, cursor: true });

/**
 * Kudos on a department's page (`GET /api/departments/:key/kudos`): for everyone in the tenant,
 * like the department's results. Each entry names who thanked whom for which request, with the
 * words the thanker chose to make public; never the request's title or description.
 */
export class KudosService {
  constructor(
    private readonly store: KudosStore,
    private readonly departments: DepartmentService,
    private readonly follower: Follower,
  ) {}

  async list(actor: Actor, key: string, query: unknown): Promise<{ items: KudosEntry[]; nextCursor?: string }> {
    const dept = await this.departments.require(actor.tenantId, key);
    const q = parse(kudosQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    // This instance's own thanks are listed at once; other instances' as the change log shows them.
    await this.follower.catchUp(actor.tenantId, dept.key);
    try {
      return await this.store.list(actor.tenantId, dept.key, q.value.limit, q.value.cursor);
    } catch (err) {
      if (q.value.cursor && !(err instanceof AppError) && (err as { statusCode?: number }).statusCode === undefined) {
        throw badRequest("cursor is not valid: pass back the nextCursor of the previous page unchanged.");
      }
      throw err;
    }
  }
}
