export interface NewOwner {
  /** Kept when given (a scenario names its owners); otherwise assigned. */
  readonly id?: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** The owner's primary team, e.g. `Marketing` or `Sales`. */
  readonly team: string;
}

export interface StandInOwner extends NewOwner {
  readonly id: string;
  readonly userId: number;
  readonly teamId: string;
  readonly createdAt: number;
}

export interface OwnerDirectory {
  /** Adds an owner, or replaces the one with the same id. */
  add(owner: NewOwner): StandInOwner;
  list(): StandInOwner[];
  has(id: string): boolean;
}

export function createOwnerDirectory(now: () => number): OwnerDirectory {
  const owners = new Map<string, StandInOwner>();
  const teams = new Map<string, string>();
  let nextOwnerId = 80_000_001;
  return {
    add(owner) {
      const id = owner.id ?? String(nextOwnerId++);
      let teamId = teams.get(owner.team);
      if (teamId === undefined) {
        teamId = String(4_100 + teams.size);
        teams.set(owner.team, teamId);
      }
      const added: StandInOwner = { ...owner, id, userId: 9_000_000 + owners.size, teamId, createdAt: now() };
      owners.set(id, added);
      return added;
    },
    list: () => [...owners.values()],
    has: (id) => owners.has(id),
  };
}

/** An owner as `GET /crm/v3/owners` returns it (the spec's `PublicOwner`). */
export function ownerResource(owner: StandInOwner) {
  const at = new Date(owner.createdAt).toISOString();
  return {
    id: owner.id,
    email: owner.email,
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    userIdIncludingInactive: owner.userId,
    type: 'PERSON',
    teams: [{ id: owner.teamId, name: owner.team, primary: true }],
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
}
