import { createContext, useContext } from "react";
import type { Department } from "../../shared/domain.ts";
import type { Api } from "../../web/api.ts";
import type { Host } from "./host.ts";

/** Who is signed in, as GET /api/me says. */
export interface Me {
  id: string;
  name: string;
  email?: string;
  tenantId: string;
  isAdmin: boolean;
  departments: Array<{ key: string; name: string; role: "agent" | "lead" }>;
}

/** Everything a view needs: the API, the signed-in person, the catalogue and the host. */
export interface Session {
  api: Api;
  me: Me;
  departments: Department[];
  host: Host;
  /** Dev mode only: back to the "sign in as" picker. */
  signOut?: () => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in tab");
  return s;
}
