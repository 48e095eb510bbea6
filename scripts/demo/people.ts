/** Who is in the demo unit "Bereitschaft Lindenhain", and who visits from the neighbouring guest instance. */
import type { Permission } from "../../src/auth/permissions";
import { Q, type QKey } from "./qualifications";

export const GROUP = { VERWALTUNG: 1, PLANER: 2, HELFENDE: 3 } as const;

export const U = { ADMIN: 1, MANAGER: 2, PLANNER: 3, VOLUNTEER: 4, MINOR: 10, PLANNER2: 11, ZF: 12, INACTIVE: 14, INVISIBLE: 16 } as const;

export interface GrantSpec {
  q: QKey;
  /** Expiry relative to the base date in days (negative: already expired); omitted: never expires. */
  expiresInDays?: number;
}

interface PersonSpec {
  id: number;
  name: string;
  email: string;
  password: string | null;
  /** Age in years at the base date, with the birthday as MM-DD; null for the minor (see users.ts). */
  age: number | null;
  birthday: string;
  phone: string | null;
  grants: GrantSpec[];
  isActive?: boolean;
  isVisible?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
  permissions?: Permission[];
  groups: number[];
}

const { VERWALTUNG, PLANER, HELFENDE } = GROUP;

export const PEOPLE: PersonSpec[] = [
  { id: 1, name: "Katrin Vogel", email: "admin@example.org", password: "admin-demo-password", age: 47, birthday: "03-14",
    phone: "+49 171 4820193", grants: [{ q: "RS" }, { q: "B" }, { q: "SPF" }], isStaff: true, isSuperuser: true, groups: [VERWALTUNG] },
  { id: 2, name: "Thomas Brandt", email: "manager@example.org", password: "manager-demo-password", age: 56, birthday: "09-02",
    phone: "+49 160 9137245", grants: [{ q: "NFS" }, { q: "C1", expiresInDays: 640 }, { q: "ZF" }, { q: "SPF" }], groups: [VERWALTUNG] },
  { id: 3, name: "Julia Neumann", email: "planner@example.org", password: "planner-demo-password", age: 37, birthday: "06-21",
    phone: "+49 152 33019876", grants: [{ q: "SAN" }, { q: "B" }, { q: "GF" }, { q: "SPF" }], groups: [PLANER, HELFENDE] },
  { id: 4, name: "Lukas Schneider", email: "volunteer@example.org", password: "volunteer-demo-password", age: 29, birthday: "11-30",
    phone: null, grants: [{ q: "SAN" }, { q: "B" }, { q: "SPF" }], groups: [HELFENDE] },
  { id: 5, name: "Sandra Krüger", email: "sandra.krueger@example.org", password: null, age: 41, birthday: "01-17",
    phone: "+49 175 2094518", grants: [{ q: "NFS" }, { q: "C1", expiresInDays: 210 }], groups: [HELFENDE] },
  { id: 6, name: "Michael Weber", email: "michael.weber@example.org", password: null, age: 34, birthday: "07-08",
    phone: "+49 151 70442381", grants: [{ q: "RS" }, { q: "C1", expiresInDays: 1250 }, { q: "SPF" }], groups: [HELFENDE] },
  { id: 7, name: "Anna Fischer", email: "anna.fischer@example.org", password: null, age: 24, birthday: "04-29",
    phone: null, grants: [{ q: "SAN", expiresInDays: 45 }, { q: "B" }], groups: [HELFENDE] },
  { id: 8, name: "Jonas Wagner", email: "jonas.wagner@example.org", password: null, age: 31, birthday: "12-03",
    phone: "+49 176 58230417", grants: [{ q: "RS" }, { q: "C" }, { q: "TUS" }], groups: [HELFENDE] },
  { id: 9, name: "Laura Becker", email: "laura.becker@example.org", password: null, age: 27, birthday: "08-15",
    phone: null, grants: [{ q: "SAN", expiresInDays: 500 }, { q: "B" }], groups: [HELFENDE] },
  { id: 10, name: "Felix Hoffmann", email: "felix.hoffmann@example.org", password: null, age: null, birthday: "",
    phone: null, grants: [{ q: "EH", expiresInDays: 690 }], groups: [HELFENDE] },
  { id: 11, name: "Marie Schulz", email: "marie.schulz@example.org", password: null, age: 39, birthday: "02-11",
    phone: "+49 162 4471902", grants: [{ q: "NFS" }, { q: "GF" }, { q: "B" }, { q: "SPF" }], groups: [PLANER, HELFENDE] },
  { id: 12, name: "Stefan Koch", email: "stefan.koch@example.org", password: null, age: 52, birthday: "10-24",
    phone: "+49 170 8823514", grants: [{ q: "RS" }, { q: "C1" }, { q: "ZF" }, { q: "SPF" }], permissions: ["view_userprofile"], groups: [HELFENDE] },
  { id: 13, name: "Lena Richter", email: "lena.richter@example.org", password: null, age: 22, birthday: "05-06",
    phone: null, grants: [{ q: "SAN" }], groups: [HELFENDE] },
  { id: 14, name: "Daniel Klein", email: "daniel.klein@example.org", password: null, age: 45, birthday: "09-19",
    phone: "+49 157 30918264", grants: [{ q: "EH", expiresInDays: -400 }, { q: "B" }], isActive: false, groups: [HELFENDE] },
  { id: 15, name: "Sophie Wolf", email: "sophie.wolf@example.org", password: null, age: 26, birthday: "03-02",
    phone: null, grants: [{ q: "RS" }, { q: "B" }], groups: [HELFENDE] },
  { id: 16, name: "Tim Schröder", email: "tim.schroeder@example.org", password: null, age: 33, birthday: "12-27",
    phone: null, grants: [{ q: "SAN" }, { q: "B" }], isVisible: false, groups: [HELFENDE] },
  { id: 17, name: "Hannah Zimmermann", email: "hannah.zimmermann@example.org", password: null, age: 19, birthday: "07-31",
    phone: "+49 159 01827364", grants: [{ q: "EH", expiresInDays: -35 }], groups: [HELFENDE] },
  { id: 18, name: "Paul Braun", email: "paul.braun@example.org", password: null, age: 36, birthday: "01-09",
    phone: null, grants: [{ q: "SAN" }, { q: "C1", expiresInDays: -60 }, { q: "B" }], groups: [HELFENDE] },
  { id: 19, name: "Nina Hofmann", email: "nina.hofmann@example.org", password: null, age: 30, birthday: "06-04",
    phone: "+49 163 7719240", grants: [{ q: "RS" }, { q: "B" }, { q: "TUS" }], groups: [HELFENDE] },
  { id: 20, name: "Gerhard Lange", email: "gerhard.lange@example.org", password: null, age: 68, birthday: "10-01",
    phone: "+49 5123 48817", grants: [{ q: "SAN" }, { q: "C" }, { q: "TUS" }], groups: [HELFENDE] },
];

/** Members of the guest instance (federated guest 1) who sign up for shared events. */
export const FEDERATED_PEOPLE = [
  { id: 1, name: "Lea Sommer", email: "lea.sommer@nachbarstadt.example", age: 32, birthday: "03-12", quals: [Q.RS, Q.B] },
  { id: 2, name: "Tobias Hahn", email: "tobias.hahn@nachbarstadt.example", age: 25, birthday: "09-28", quals: [Q.SAN] },
];

/** External helpers a responsible books by name (placeholder participations). */
export const PLACEHOLDER_NAMES = [
  "Max Extern",
  "Erika Muster (Praktikantin)",
  "Helfer JRK Lindenhain",
  "Dr. med. Jan Berg",
  "Azubi Rettungswache Süd",
  "Ben Gast",
];
