export interface OwnerTeam {
  readonly id: string;
  readonly name: string;
}

export interface NewOwner {
  /** Kept when given (a scenario names its owners); otherwise assigned. */
  readonly id?: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  /** The owner's primary team, e.g. `Marketing` or `Sales`. */
  readonly team: string;
  /**
   * The HubSpot user behind the owner, whom `GET /crm/v3/owners/{userId}?idProperty=userId` finds
   * and a signed-in user's tokens name. Kept when given; otherwise assigned.
   */
  readonly userId?: number;
  /** The primary team's id; by default the one the portal gave that team name. */
  readonly teamId?: string;
  /** Teams the owner belongs to besides the primary one. */
  readonly secondaryTeams?: readonly OwnerTeam[];
}

export interface StandInOwner extends NewOwner {
  readonly id: string;
  readonly userId: number;
  readonly teamId: string;
  readonly secondaryTeams: readonly OwnerTeam[];
  readonly createdAt: number;
}

export interface OwnerDirectory {
  /** Adds an owner, or replaces the one with the same id (which keeps its user unless given another). */
  add(owner: NewOwner): StandInOwner;
  list(): StandInOwner[];
  has(id: string): boolean;
  get(id: string): StandInOwner | undefined;
  byUserId(userId: number): StandInOwner | undefined;
}

const FIRST_USER_ID = 9_000_000;
const FIRST_TEAM_ID = 4_100;

export function createOwnerDirectory(now: () => number): OwnerDirectory {
  const owners = new Map<string, StandInOwner>();
  const teams = new Map<string, string>();
  const teamIds = new Set<string>();
  let nextOwnerId = 80_000_001;
  const byUserId = (userId: number) => [...owners.values()].find((owner) => owner.userId === userId);
  const freeUserId = () => {
    let userId = FIRST_USER_ID + owners.size;
    while (byUserId(userId)) userId += 1;
    return userId;
  };
  const primaryTeamId = (owner: NewOwner) => {
    let teamId = owner.teamId ?? teams.get(owner.team);
    if (teamId === undefined) {
      let candidate = FIRST_TEAM_ID + teams.size;
      while (teamIds.has(String(candidate))) candidate += 1;
      teamId = String(candidate);
    }
    if (!teams.has(owner.team)) teams.set(owner.team, teamId);
    teamIds.add(teamId);
    return teamId;
  };
  return {
    add(owner) {
      const id = owner.id ?? String(nextOwnerId++);
      const userId = owner.userId ?? owners.get(id)?.userId ?? freeUserId();
      const holder = byUserId(userId);
      if (holder && holder.id !== id) {
        throw new Error(`HubSpot user ${userId} is already owner ${holder.id}; a user is one owner.`);
      }
      for (const team of owner.secondaryTeams ?? []) {
        teamIds.add(team.id);
        if (!teams.has(team.name)) teams.set(team.name, team.id);
      }
      const added: StandInOwner = {
        ...owner,
        id,
        userId,
        teamId: primaryTeamId(owner),
        secondaryTeams: owner.secondaryTeams ?? [],
        createdAt: now(),
      };
      owners.set(id, added);
      return added;
    },
    list: () => [...owners.values()],
    has: (id) => owners.has(id),
    get: (id) => owners.get(id),
    byUserId,
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
    teams: [
      { id: owner.teamId, name: owner.team, primary: true },
      ...owner.secondaryTeams.map((team) => ({ id: team.id, name: team.name, primary: false })),
    ],
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
}
