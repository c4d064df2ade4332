/**
 * Who is what in a department, and who may see or manage what (shared/permissions.ts).
 * IT has agent Ben and lead Ana; HR has its own agent and lead; Ada is an admin (app role)
 * listed in no department; Sam is an employee with no role anywhere.
 */
import assert from "node:assert/strict";
import type { Person } from "../../shared/domain.ts";
import {
  type Actor,
  canManage,
  canPutDepartment,
  canSeeRequest,
  departmentRole,
  isAssignable,
  isStaff,
  mailId,
} from "../../shared/permissions.ts";
import { AGENT, LEAD, REQUESTER, TENANT_ID, actor, department, request } from "../support/fixtures.ts";

const ADMIN: Person = { id: "u-admin", name: "Ada Admin", email: "ada@contoso.example" };
const STRANGER: Person = { id: "u-stranger", name: "Sam Stranger", email: "sam@contoso.example" };
const HR_AGENT: Person = { id: "u-hr-agent", name: "Hugo HR", email: "hugo@contoso.example" };
const HR_LEAD: Person = { id: "u-hr-lead", name: "Helga HR", email: "helga@contoso.example" };
/** Both an agent and a lead of IT. */
const BOTH: Person = { id: "u-both", name: "Bo Both" };

const IT = department();
const HR = department({ key: "HR", name: "HR", agents: [HR_AGENT], leads: [HR_LEAD] });

const inOtherTenant = (person: Person, isAdmin = false): Actor => ({ tenantId: "tenant-other", person, isAdmin });

describe("permissions", () => {
  describe("departmentRole", () => {
    it("names the role a person has in a department, by their user id", () => {
      assert.equal(departmentRole(IT, "u-lead"), "lead");
      assert.equal(departmentRole(IT, "u-agent"), "agent");
      assert.equal(departmentRole(IT, "u-stranger"), undefined);
      assert.equal(departmentRole(IT, "u-admin"), undefined, "being an admin is no department role");
      assert.equal(departmentRole(IT, "u-hr-lead"), undefined, "a lead elsewhere is nobody here");
    });

    it("someone listed as both agent and lead is a lead", () => {
      const dept = department({ agents: [AGENT, BOTH], leads: [LEAD, BOTH] });
      assert.equal(departmentRole(dept, "u-both"), "lead");
    });

    it("goes by id, not by name", () => {
      assert.equal(departmentRole(IT, "Ben Agent"), undefined);
      assert.equal(departmentRole(IT, ""), undefined);
    });
  });

  describe("isStaff", () => {
    const cases: Array<[string, Actor, boolean]> = [
      ["its agent", actor(AGENT), true],
      ["its lead", actor(LEAD), true],
      ["an admin listed nowhere", actor(ADMIN, true), true],
      ["the requester", actor(REQUESTER), false],
      ["an employee with no role", actor(STRANGER), false],
      ["another department's agent", actor(HR_AGENT), false],
      ["another department's lead", actor(HR_LEAD), false],
    ];
    for (const [who, a, expected] of cases) {
      it(`${who} ${expected ? "works" : "does not work"} IT's queue`, () => {
        assert.equal(isStaff(IT, a), expected);
      });
    }
  });

  describe("canManage (settings, monthly report)", () => {
    it("the department's leads and admins may; agents and others may not", () => {
      assert.equal(canManage(IT, actor(LEAD)), true);
      assert.equal(canManage(IT, actor(ADMIN, true)), true);
      assert.equal(canManage(IT, actor(AGENT)), false);
      assert.equal(canManage(IT, actor(STRANGER)), false);
      assert.equal(canManage(IT, actor(HR_LEAD)), false, "a lead manages only their own department");
    });

    it("with no department, only an admin may", () => {
      assert.equal(canManage(undefined, actor(ADMIN, true)), true);
      assert.equal(canManage(undefined, actor(LEAD)), false);
    });
  });

  describe("canPutDepartment", () => {
    it("only an admin creates a department", () => {
      assert.equal(canPutDepartment(undefined, actor(ADMIN, true)), true);
      assert.equal(canPutDepartment(undefined, actor(LEAD)), false, "being a lead of IT does not allow making LEGAL");
      assert.equal(canPutDepartment(undefined, actor(AGENT)), false);
      assert.equal(canPutDepartment(undefined, actor(STRANGER)), false);
    });

    it("a lead replaces their own department; agents and other leads may not", () => {
      assert.equal(canPutDepartment(IT, actor(LEAD)), true);
      assert.equal(canPutDepartment(IT, actor(ADMIN, true)), true);
      assert.equal(canPutDepartment(IT, actor(AGENT)), false);
      assert.equal(canPutDepartment(IT, actor(HR_LEAD)), false);
      assert.equal(canPutDepartment(HR, actor(LEAD)), false);
      assert.equal(canPutDepartment(HR, actor(HR_LEAD)), true);
    });
  });

  describe("canSeeRequest", () => {
    const req = request({ number: 3 });

    const cases: Array<[string, Actor, boolean]> = [
      ["its requester", actor(REQUESTER), true],
      ["an agent of its department", actor(AGENT), true],
      ["a lead of its department", actor(LEAD), true],
      ["an admin", actor(ADMIN, true), true],
      ["an employee with no role", actor(STRANGER), false],
      ["an agent of another department", actor(HR_AGENT), false],
      ["a lead of another department", actor(HR_LEAD), false],
      ["someone with the requester's name but another id", actor({ id: "u-dana-2", name: "Dana Requester" }), false],
    ];
    for (const [who, a, expected] of cases) {
      it(`${who} ${expected ? "sees" : "does not see"} it`, () => {
        assert.equal(canSeeRequest(req, IT, a), expected);
      });
    }

    it("a requester known only by e-mail sees it once signed in with that address, in any case", () => {
      const fromEmail = request({ requester: { id: mailId("Dana@Contoso.example"), name: "Dana", email: "dana@contoso.example" } });
      assert.equal(fromEmail.requester.id, "mail:dana@contoso.example");
      assert.equal(canSeeRequest(fromEmail, IT, actor({ id: "u-dana", name: "Dana", email: "dana@contoso.example" })), true);
      assert.equal(canSeeRequest(fromEmail, IT, actor({ id: "u-dana", name: "Dana", email: " DANA@contoso.EXAMPLE " })), true);
      assert.equal(canSeeRequest(fromEmail, IT, actor({ id: "u-sam", name: "Sam", email: "sam@contoso.example" })), false);
      assert.equal(canSeeRequest(fromEmail, IT, actor({ id: "u-noemail", name: "No Mail" })), false);
    });

    it("whoever filed it for someone else sees it, even from outside the department", () => {
      const filedByOther = request({ createdBy: HR_AGENT });
      assert.equal(canSeeRequest(filedByOther, IT, actor(HR_AGENT)), true);
      assert.equal(canSeeRequest(filedByOther, IT, actor(HR_LEAD)), false);
    });

    it("nobody from another tenant sees it, whatever their roles or ids there", () => {
      assert.equal(req.tenantId, TENANT_ID);
      assert.equal(canSeeRequest(req, IT, inOtherTenant(ADMIN, true)), false, "an admin of another tenant");
      assert.equal(canSeeRequest(req, IT, inOtherTenant(AGENT)), false, "a user with an IT agent's id");
      assert.equal(canSeeRequest(req, IT, inOtherTenant(LEAD)), false, "a user with an IT lead's id");
      assert.equal(canSeeRequest(req, IT, inOtherTenant(REQUESTER)), false, "a user with the requester's id");
      const fromEmail = request({ requester: { id: "mail:dana@contoso.example", name: "Dana" } });
      assert.equal(canSeeRequest(fromEmail, IT, inOtherTenant({ id: "x", name: "Dana", email: "dana@contoso.example" })), false);
    });
  });

  describe("mailId", () => {
    it("is the address, trimmed and in lower case, after mail:", () => {
      assert.equal(mailId("  Dana@Contoso.Example "), "mail:dana@contoso.example");
    });
  });

  describe("isAssignable", () => {
    it("agents and leads of the department can be assigned; nobody else", () => {
      assert.equal(isAssignable(IT, AGENT), true);
      assert.equal(isAssignable(IT, LEAD), true);
      assert.equal(isAssignable(IT, ADMIN), false, "an admin is not in the queue");
      assert.equal(isAssignable(IT, REQUESTER), false);
      assert.equal(isAssignable(IT, STRANGER), false);
      assert.equal(isAssignable(IT, HR_AGENT), false, "another department's agent");
    });

    it("goes by id: a stale name or e-mail does not matter", () => {
      assert.equal(isAssignable(IT, { id: "u-agent", name: "Benjamin (old name)" }), true);
      assert.equal(isAssignable(IT, { id: "u-nobody", name: "Ben Agent", email: "ben@contoso.example" }), false);
    });
  });
});
