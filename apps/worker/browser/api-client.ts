/**
 * A failed call: the HTTP status (0 when the server could not be reached),
 * the server's `code` when it sent one, and its message (English, for the
 * console: people read api-error-text.ts's words instead).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export interface TaskChange {
  status?: string;
  assignee?: string | null;
  note?: string;
  /** With status done: 成交, 有意向, … (admin/board/outcomes.ts). */
  outcome?: string;
}

/** A page of GET /admin/tasks. */
export interface TaskPage {
  items: BoardTask[];
  nextCursor?: string | null;
}

export interface BoardTask {
  id: string;
  leadId?: string;
  status: string;
  assignee: string | null;
  /** The owner's display name; `assignee` stays the login. */
  assigneeName?: string | null;
  note: string | null;
  dueAt: string;
  doneAt?: string | null;
  updatedAt?: string | null;
  /** When someone first acted on the lead, if the API says (the countdown then gives way to the response time). */
  firstTouchAt?: string | null;
  /** Seconds from arrival to the first touch (null until touched). */
  responseSeconds?: number | null;
  /** When the first touch is due (CLAIM_WITHIN_MINUTES business minutes after arrival); null once touched or with no target. */
  touchDueAt?: string | null;
  /** A done task's outcome (won, qualified, …), null when none was given. */
  outcome?: string | null;
  lead?: {
    id?: string;
    name?: string | null;
    company?: string | null;
    phone?: string | null;
    /** The phone grouped for reading ("139 2345 6789"); `phone` stays E.164 for dialling. */
    phoneDisplay?: string | null;
    email?: string | null;
    requirement?: string | null;
    utm?: Record<string, unknown> | null;
    page?: string | null;
    receivedAt?: string | null;
    /** 老客户: the same phone or email came before. */
    returning?: boolean;
    /** The form it came through, by its current name. */
    form?: { slug: string; name: string | null };
  };
}

/** Someone in GET /admin/me's `team`: every active account a task can go to. */
export interface TeamMember {
  login: string;
  name: string;
  role?: string;
  onDuty?: boolean;
  receivesLeads?: boolean;
}

export interface MeAnswer {
  name?: string;
  role?: 'admin' | 'staff';
  accountRole?: 'admin' | 'manager' | 'sales';
  displayName?: string;
  onDuty?: boolean;
  staff?: { name: string }[];
  team?: TeamMember[];
}

/** GET /admin/staff (managers and admins): each person's open, in-progress and overdue tasks. */
export interface StaffLoad {
  open: number;
  inProgress: number;
  overdue: number;
}

export interface StaffAnswer {
  items: (StaffLoad & { login: string; name: string; role: string; active: boolean; onDuty: boolean; receivesLeads: boolean })[];
  unassigned: StaffLoad;
}

/** The body as JSON, or null when there is none or it is not JSON (a proxy's error page: the status line says what happened). */
function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The admin JSON API. `credentials: 'same-origin'` sends the page's session
 * cookie with every call.
 */
export class ApiClient {
  constructor(private readonly networkMessage: string) {}

  async call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, this.networkMessage);
    }
    if (res.status === 401) {
      // The session ended (logged out, idle, deactivated): the reload leads to the login page.
      location.reload();
      throw new ApiError(401, res.statusText);
    }
    const text = await res.text();
    const payload = parseJson(text);
    if (!res.ok) {
      const body = payload as { message?: unknown; code?: unknown } | null;
      let msg = body?.message;
      if (Array.isArray(msg)) msg = msg.join('; ');
      const code = typeof body?.code === 'string' ? body.code : null;
      throw new ApiError(res.status, typeof msg === 'string' && msg ? msg : res.statusText || String(res.status), code);
    }
    return payload as T;
  }

  patchTask(id: string, change: TaskChange): Promise<unknown> {
    return this.call('PATCH', `/admin/tasks/${encodeURIComponent(id)}`, change);
  }

  me(): Promise<MeAnswer> {
    return this.call<MeAnswer>('GET', '/admin/me');
  }

  staff(): Promise<StaffAnswer> {
    return this.call<StaffAnswer>('GET', '/admin/staff');
  }

  /** Anyone may set their own on-duty flag. */
  setOnDuty(login: string, onDuty: boolean): Promise<{ staff: { onDuty: boolean } }> {
    return this.call('PATCH', `/admin/staff/${encodeURIComponent(login)}`, { onDuty });
  }
}
