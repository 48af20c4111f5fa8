import { clockOf } from '#anomaly/zone_clock'
import { Random } from '#tests/support/anomaly/random'
import { ipPools } from '#tests/support/anomaly/ip_pools'

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * Kinds of injected incidents, each a labelled attack the detector should catch.
 */
export const INCIDENT_KINDS = [
  'exfiltration_burst',
  'off_hours_read',
  'new_country',
  'stolen_session',
  'departing_sweep',
  'break_glass',
  'repeated_denials',
] as const
export type IncidentKind = (typeof INCIDENT_KINDS)[number]

/**
 * Groups of accesses that look odd but are normal; the detector should leave them alone.
 */
export const ODD_GROUPS = [
  'night_shift',
  'on_call',
  'evening_work',
  'traveller',
  'vpn_abroad',
  'new_hire',
  'notice',
  'denied_click',
] as const
export type OddGroup = (typeof ODD_GROUPS)[number]

/**
 * Out-of-band label of one access: the incident it belongs to, or the odd group it is part of.
 */
export interface AccessLabel {
  incident?: string
  kind?: IncidentKind
  group?: OddGroup
}

/**
 * One injected incident and the accesses it is made of.
 */
export interface Incident {
  id: string
  kind: IncidentKind
  user: string
  accessIds: string[]
}

/**
 * What to generate; everything but the seed has a default.
 */
export interface ScenarioOptions {
  seed: number
  /** Company size; drawn between 100 and 200 when absent. */
  people?: number
  days?: number
  /** Incidents injected per kind. */
  incidentsPerKind?: number
  /** First day, a Monday (YYYY-MM-DD). */
  start?: string
}

/**
 * A generated history: JSON lines in time order plus the labels the detector never sees.
 */
export interface Scenario {
  seed: number
  lines: string[]
  labels: Map<string, AccessLabel>
  incidents: Incident[]
  people: number
  days: number
  accesses: number
}

const COMPANY = 'acme'
const HOME_ZONE = 'Europe/Paris'
const HOME_COUNTRY = 'FR'
const VPN_COUNTRY = 'NL'
const REMOTE = [
  { zone: 'Europe/London', country: 'GB' },
  { zone: 'America/New_York', country: 'US' },
  { zone: 'Europe/Madrid', country: 'ES' },
]
const TRIPS = [
  { country: 'JP', far: true },
  { country: 'US', far: true },
  { country: 'SG', far: true },
  { country: 'AU', far: true },
  { country: 'GB', far: false },
  { country: 'DE', far: false },
  { country: 'IT', far: false },
]
const ATTACKER_COUNTRIES = ['BR', 'RU', 'CN', 'VN', 'IN', 'NG', 'ID', 'TR', 'UA', 'RO']
const DEPARTMENTS = [
  { name: 'engineering', share: 0.3, rate: 6, secrets: 40 },
  { name: 'ops', share: 0.1, rate: 9, secrets: 30 },
  { name: 'sales', share: 0.2, rate: 3, secrets: 16 },
  { name: 'support', share: 0.15, rate: 5, secrets: 18 },
  { name: 'finance', share: 0.08, rate: 3, secrets: 14 },
  { name: 'hr', share: 0.07, rate: 2.5, secrets: 10 },
  { name: 'marketing', share: 0.1, rate: 2.5, secrets: 12 },
]
const MODULES = ['crm', 'hr', 'calendar', 'mail', 'projects']
const BROWSERS = [
  (v: number) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/${v}.0.0.0`,
  (v: number) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Gecko/20100101 Firefox/${v}.0`,
  (v: number) =>
    `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/${v}.0.0.0 Safari/537.36`,
]

interface Person {
  id: string
  department: string
  zone: string
  country: string
  startHour: number
  length: number
  rate: number
  working: string[]
  devices: string[]
  browser: number
  deviceField: boolean
  homeIp: string
  hiredDay: number
  leftDay: number
  noticeDay: number
  off: Set<number>
  night: boolean
  evening: boolean
  vpn: boolean
  onCall: boolean
  busy: Set<number>
  changeDay: number
  newDeviceDay: number
}

interface Pending {
  at: number
  order: number
  line: string
}

/**
 * Builds a labelled scenario: months of normal traffic for one company, odd-but-normal groups,
 * and injected incidents, all from one seed.
 */
export function generateScenario(options: ScenarioOptions): Scenario {
  return new ScenarioBuilder(options).build()
}

class ScenarioBuilder {
  #random: Random
  #days: number
  #startDay: number
  #events: Pending[] = []
  #labels = new Map<string, AccessLabel>()
  #incidents: Incident[] = []
  #people: Person[] = []
  #secrets = new Map<string, string[]>()
  #shared: string[] = []
  #breakGlass: string[] = []
  #pools: Map<string, string[]>
  #office: string[]
  #accessCount = 0
  #options: ScenarioOptions

  constructor(options: ScenarioOptions) {
    this.#options = options
    this.#random = new Random(options.seed)
    this.#days = options.days ?? 90
    this.#startDay = Math.floor(Date.parse(`${options.start ?? '2026-01-05'}T00:00:00Z`) / DAY)
    this.#pools = ipPools([
      HOME_COUNTRY,
      VPN_COUNTRY,
      ...REMOTE.map((r) => r.country),
      ...TRIPS.map((t) => t.country),
      ...ATTACKER_COUNTRIES,
    ])
    this.#office = this.#random.sample(this.#pools.get(HOME_COUNTRY)!, 3)
  }

  build(): Scenario {
    this.#createSecrets()
    this.#createPeople(this.#options.people ?? this.#random.int(100, 200))
    this.#assignGroups()
    for (const person of this.#people) {
      this.#personHistory(person)
    }
    this.#onCallRotation()
    this.#rotations()
    this.#rareSecretReads()
    this.#injectIncidents(this.#options.incidentsPerKind ?? 5)
    this.#events.sort((a, b) => a.at - b.at || a.order - b.order)

    return {
      seed: this.#options.seed,
      lines: this.#events.map((event) => event.line),
      labels: this.#labels,
      incidents: this.#incidents,
      people: this.#people.length,
      days: this.#days,
      accesses: this.#accessCount,
    }
  }

  #createSecrets(): void {
    for (const department of DEPARTMENTS) {
      const ids = Array.from(
        { length: department.secrets },
        (_, n) => `${department.name}-${n + 1}`
      )
      this.#secrets.set(department.name, ids)
    }
    this.#shared = Array.from({ length: 10 }, (_, n) => `shared-${n + 1}`)
    this.#breakGlass = Array.from({ length: 8 }, (_, n) => `break-glass-${n + 1}`)
  }

  #createPeople(count: number): void {
    for (let index = 0; index < count; index++) {
      this.#people.push(
        this.#newPerson(`u${String(index + 1).padStart(3, '0')}`, this.#pickDepartment())
      )
    }
  }

  #pickDepartment(): (typeof DEPARTMENTS)[number] {
    let draw = this.#random.next()
    for (const department of DEPARTMENTS) {
      draw -= department.share
      if (draw < 0) {
        return department
      }
    }

    return DEPARTMENTS[0]
  }

  #newPerson(id: string, department: (typeof DEPARTMENTS)[number]): Person {
    const random = this.#random
    const remote = random.chance(0.1)
      ? random.pick(REMOTE)
      : { zone: HOME_ZONE, country: HOME_COUNTRY }
    const pool = this.#secrets.get(department.name)!
    const working = [
      ...random.sample(pool, random.int(4, Math.min(12, pool.length))),
      ...random.sample(this.#shared, random.int(1, 3)),
    ]
    const devices = random.chance(0.3) ? [`${id}-laptop`, `${id}-phone`] : [`${id}-laptop`]

    return {
      id,
      department: department.name,
      zone: remote.zone,
      country: remote.country,
      startHour: Math.min(Math.max(random.normal(8.7, 0.6), 7), 10.5),
      length: Math.min(Math.max(random.normal(8.5, 0.5), 7), 10),
      rate: department.rate * random.between(0.6, 1.4),
      working,
      devices,
      browser: random.int(0, BROWSERS.length - 1),
      deviceField: random.chance(0.7),
      homeIp: random.pick(this.#pools.get(remote.country)!),
      hiredDay: 0,
      leftDay: this.#days,
      noticeDay: this.#days,
      off: this.#vacation(),
      night: false,
      evening: false,
      vpn: false,
      onCall: false,
      busy: new Set(),
      changeDay: random.chance(0.15) ? random.int(20, this.#days - 10) : this.#days,
      newDeviceDay: random.chance(0.2) ? random.int(15, this.#days - 5) : this.#days,
    }
  }

  #vacation(): Set<number> {
    const first = this.#random.int(5, this.#days - 10)

    return new Set(Array.from({ length: 7 }, (_, n) => first + n))
  }

  /**
   * Marks the odd-but-normal groups among regular staff, and adds new hires and leavers.
   */
  #assignGroups(): void {
    const random = this.#random
    const shiftable = this.#people.filter(
      (p) => p.department === 'support' || p.department === 'ops'
    )
    for (const person of random.sample(shiftable, 5)) {
      person.night = true
      person.startHour = random.between(21.5, 22.5)
    }
    const regular = () =>
      this.#people.filter((p) => !p.night && !p.evening && !p.vpn && p.country === HOME_COUNTRY)
    for (const person of random.sample(regular(), 8)) {
      person.evening = true
    }
    for (const person of random.sample(regular(), 20)) {
      person.vpn = true
    }
    const technical = this.#people.filter(
      (p) => !p.night && (p.department === 'ops' || p.department === 'engineering')
    )
    for (const person of random.sample(technical, 10)) {
      person.onCall = true
    }
    for (const person of random.sample(regular(), 4)) {
      person.noticeDay = random.int(25, 55)
      person.leftDay = person.noticeDay + random.int(15, 25)
    }
    for (let index = 0; index < 5; index++) {
      const person = this.#newPerson(`u${this.#people.length + 1}`, this.#pickDepartment())
      person.hiredDay = random.int(15, 60)
      this.#people.push(person)
    }
  }

  #personHistory(person: Person): void {
    this.#emitProfile(person, person.hiredDay)
    if (person.noticeDay < this.#days) {
      this.#emit(this.#dayStart(person.noticeDay) + 10 * HOUR, {
        type: 'hr_status',
        user: person.id,
        status: 'notice',
      })
      this.#emit(this.#dayStart(person.leftDay), {
        type: 'hr_status',
        user: person.id,
        status: 'terminated',
      })
    }
    const trips = this.#planTrips(person)
    for (let day = person.hiredDay; day < Math.min(this.#days, person.leftDay); day++) {
      if (day === person.changeDay) {
        this.#changeProject(person)
      }
      const trip = trips.find((t) => day >= t.from && day <= t.to)
      this.#workDay(person, day, trip?.country)
      if (person.evening && !trip && this.#random.chance(0.4) && this.#isWeekday(day)) {
        this.#eveningWork(person, day)
      }
    }
  }

  /**
   * A move to another project: a few secrets of the department join the working set.
   */
  #changeProject(person: Person): void {
    const pool = this.#secrets
      .get(person.department)!
      .filter((secret) => !person.working.includes(secret))
    person.working = [...this.#random.sample(pool, this.#random.int(2, 5)), ...person.working]
  }

  #emitProfile(person: Person, day: number): void {
    const at = this.#dayStart(day) - (day === 0 ? 2 * HOUR : 0)
    this.#emit(at, {
      type: 'profile',
      company: COMPANY,
      user: person.id,
      timezone: person.zone,
      department: person.department,
    })
  }

  #planTrips(person: Person): { country: string; from: number; to: number }[] {
    if (person.night || !this.#random.chance(0.12)) {
      return []
    }
    const trips = []
    for (let count = this.#random.int(1, 2); count > 0; count--) {
      const from = this.#random.int(Math.max(person.hiredDay, 10), this.#days - 12)
      const trip = {
        country: this.#random.pick(TRIPS).country,
        from,
        to: from + this.#random.int(3, 9),
      }
      const announced = this.#dayStart(from - this.#random.int(2, 14)) + 11 * HOUR
      const date = (day: number) =>
        new Date((this.#startDay + day) * DAY).toISOString().slice(0, 10)
      this.#emit(Math.max(announced, this.#dayStart(0)), {
        type: 'travel',
        user: person.id,
        country: trip.country,
        from: date(trip.from),
        to: date(trip.to),
      })
      trips.push(trip)
    }

    return trips
  }

  /**
   * A working day: suite activity through the day and a Poisson number of reads, some of them
   * in quick sequences (a task that needs two or three secrets).
   */
  #workDay(person: Person, day: number, tripCountry: string | undefined): void {
    const random = this.#random
    const weekday = this.#isWeekday(day)
    if (person.off.has(day) || (!weekday && !random.chance(0.03))) {
      return
    }
    const zone = tripCountry ? this.#tripZone(tripCountry) : person.zone
    const length = weekday ? person.length : random.between(1, 3)
    const start = this.#localToUtc(zone, day, person.startHour + random.normal(0, 0.4))
    const end = start + length * HOUR
    this.#activity(person, start, end)

    if (random.chance(1 / 20)) {
      this.#deniedClick(person, random.between(start, end))
    }
    const newHire = day - person.hiredDay < 14 && person.hiredDay > 0
    const reads = random.poisson(newHire ? 14 : person.rate * (weekday ? 1 : 0.3))
    for (let index = 0; index < reads; index++) {
      const at = random.between(start, end)
      const group = this.#groupOf(person, day, tripCountry, newHire)
      this.#read(person, at, this.#chooseSecret(person, newHire), { tripCountry, group })
      if (random.chance(0.25)) {
        this.#read(
          person,
          at + random.between(1, 8) * MINUTE,
          this.#chooseSecret(person, newHire),
          { tripCountry, group }
        )
      }
    }
  }

  #groupOf(
    person: Person,
    day: number,
    tripCountry: string | undefined,
    newHire: boolean
  ): OddGroup | undefined {
    if (person.night) {
      return 'night_shift'
    }
    if (tripCountry) {
      return 'traveller'
    }
    if (newHire) {
      return 'new_hire'
    }

    return day >= person.noticeDay ? 'notice' : undefined
  }

  #activity(person: Person, start: number, end: number): void {
    for (
      let at = start + this.#random.between(0, 20) * MINUTE;
      at < end;
      at += this.#random.between(20, 100) * MINUTE
    ) {
      this.#emit(at, {
        type: 'activity',
        company: COMPANY,
        user: person.id,
        module: this.#random.pick(MODULES),
      })
    }
  }

  #chooseSecret(person: Person, newHire: boolean): string {
    const random = this.#random
    const pool = this.#secrets.get(person.department)!
    if (newHire) {
      return random.chance(0.8) ? random.pick(pool) : random.pick(this.#shared)
    }
    const draw = random.next()
    if (draw < 0.93) {
      // Zipf-like preference: the first secrets of a working set are read most.
      return person.working[Math.floor(person.working.length * random.next() ** 2)]
    }

    return draw < 0.98 ? random.pick(pool) : random.pick(this.#shared)
  }

  #eveningWork(person: Person, day: number): void {
    const start = this.#localToUtc(person.zone, day, this.#random.between(20, 22.5))
    if (this.#random.chance(0.8)) {
      this.#activity(person, start - 15 * MINUTE, start + 45 * MINUTE)
    }
    for (let count = this.#random.int(1, 3); count > 0; count--) {
      const at = start + this.#random.between(0, 40) * MINUTE
      this.#read(person, at, this.#chooseSecret(person, false), { group: 'evening_work' })
    }
  }

  #deniedClick(person: Person, at: number): void {
    const other = this.#random.pick(DEPARTMENTS.filter((d) => d.name !== person.department)).name
    this.#read(person, at, this.#random.pick(this.#secrets.get(other)!), {
      group: 'denied_click',
      action: 'denied',
    })
  }

  /**
   * Weekly on-call rotation among technical staff: on some nights a page comes in, the person
   * works on it in other modules of the suite and reads a few secrets of their working set.
   */
  #onCallRotation(): void {
    const team = this.#people.filter((p) => p.onCall)
    for (let week = 0; week * 7 < this.#days; week++) {
      // Someone who leaves the company is off the rotation from their last week on.
      const onDuty = team.filter((p) => p.leftDay >= Math.min(week * 7 + 7, this.#days))
      const person = onDuty[week % onDuty.length]
      for (let day = week * 7; day < Math.min(this.#days, week * 7 + 7); day++) {
        if (!person.off.has(day) && this.#random.chance(0.4)) {
          this.#page(person, day)
        }
      }
    }
  }

  #page(person: Person, day: number): void {
    const random = this.#random
    const hour = random.chance(0.7) ? random.between(0.5, 5) : random.between(19.5, 23)
    const page = this.#localToUtc(person.zone, day, hour)
    this.#activity(person, page, page + random.between(30, 90) * MINUTE)
    this.#emit(page, { type: 'activity', company: COMPANY, user: person.id, module: 'helpdesk' })
    for (let count = random.int(1, 4); count > 0; count--) {
      const at = page + random.between(3, 40) * MINUTE
      this.#read(person, at, this.#chooseSecret(person, false), { group: 'on_call', place: 'home' })
    }
  }

  /**
   * Owners rotate their department's secrets every one to three months; members then fetch
   * the new value as usual.
   */
  #rotations(): void {
    for (const [department, secrets] of this.#secrets) {
      const members = this.#people.filter(
        (p) => p.department === department && !p.night && p.hiredDay === 0
      )
      for (const secret of secrets) {
        const owner = this.#random.pick(members)
        for (let day = this.#random.int(5, 60); day < this.#days; day += this.#random.int(30, 90)) {
          if (this.#isWeekday(day) && !owner.off.has(day) && day < owner.leftDay) {
            this.#read(owner, this.#workHour(owner, day), secret, { action: 'update' })
          }
        }
      }
    }
  }

  /**
   * Secrets a department needs once a quarter (a tax portal, a yearly certificate): read by
   * one or two of its people on a random day. Their first read after weeks of history looks
   * exactly like a break-glass read, and is counted as a false alert when it is flagged.
   */
  #rareSecretReads(): void {
    for (const department of DEPARTMENTS) {
      const members = this.#people.filter(
        (p) =>
          p.department === department.name &&
          !p.night &&
          p.hiredDay === 0 &&
          p.leftDay >= this.#days
      )
      for (let n = 1; n <= 2; n++) {
        const reader = this.#random.pick(members)
        let day = this.#random.int(1, this.#days - 5)
        while (!this.#isWeekday(day) || reader.off.has(day)) {
          day++
        }
        this.#read(reader, this.#workHour(reader, day), `${department.name}-rare-${n}`, {})
      }
    }
  }

  #injectIncidents(perKind: number): void {
    const candidates = this.#people.filter(
      (p) => !p.night && !p.evening && !p.onCall && p.hiredDay === 0 && p.noticeDay >= this.#days
    )
    const chosen = this.#random.sample(candidates, INCIDENT_KINDS.length * perKind)
    INCIDENT_KINDS.forEach((kind, kindIndex) => {
      for (let index = 0; index < perKind; index++) {
        const person = chosen[kindIndex * perKind + index]
        const incident: Incident = {
          id: `${kind}-${index + 1}`,
          kind,
          user: person.id,
          accessIds: [],
        }
        this.#incidents.push(incident)
        this.#inject(incident, person)
      }
    })
  }

  #inject(incident: Incident, person: Person): void {
    const day = this.#incidentDay(person)
    switch (incident.kind) {
      case 'exfiltration_burst':
        return this.#exfiltration(incident, person, day)
      case 'off_hours_read':
        return this.#offHoursRead(incident, person, day)
      case 'new_country':
        return this.#foreignRead(incident, person, day)
      case 'stolen_session':
        return this.#stolenSession(incident, person, day)
      case 'departing_sweep':
        return this.#departingSweep(incident, person, day)
      case 'break_glass':
        return this.#breakGlassRead(incident, person, day)
      case 'repeated_denials':
        return this.#denials(incident, person, day)
    }
  }

  #incidentDay(person: Person): number {
    let day = this.#random.int(30, this.#days - 3)
    while (!this.#isWeekday(day) || person.off.has(day)) {
      day++
    }
    person.busy.add(day)

    return day
  }

  #workHour(person: Person, day: number): number {
    return this.#localToUtc(
      person.zone,
      day,
      person.startHour + this.#random.between(1, person.length - 1.5)
    )
  }

  #exfiltration(incident: Incident, person: Person, day: number): void {
    const start = this.#workHour(person, day)
    const minutes = this.#random.between(10, 60)
    const targets = this.#random.sample(this.#allSecrets(), this.#random.int(10, 35))
    targets.forEach((secret, index) => {
      const at = start + (minutes * MINUTE * index) / targets.length
      this.#read(person, at, secret, { incident, action: 'copy' })
    })
  }

  #offHoursRead(incident: Incident, person: Person, day: number): void {
    // Mostly the small hours; some late evenings, which are harder to tell from extra work.
    const hour = this.#random.chance(0.7)
      ? this.#random.between(0.5, 5)
      : this.#random.between(21.5, 23.5)
    const start = this.#localToUtc(person.zone, day, hour)
    for (let count = this.#random.int(1, 3); count > 0; count--) {
      this.#read(
        person,
        start + this.#random.between(0, 20) * MINUTE,
        this.#chooseSecret(person, false),
        { incident, place: 'home' }
      )
    }
  }

  #foreignRead(incident: Incident, person: Person, day: number): void {
    const country = this.#random.pick(ATTACKER_COUNTRIES)
    const start = this.#workHour(person, day)
    for (let count = this.#random.int(1, 2); count > 0; count--) {
      this.#read(
        person,
        start + this.#random.between(0, 30) * MINUTE,
        this.#chooseSecret(person, false),
        { incident, foreign: country }
      )
    }
  }

  #stolenSession(incident: Incident, person: Person, day: number): void {
    const abroad = this.#random.chance(0.5) ? this.#random.pick(ATTACKER_COUNTRIES) : undefined
    const start = this.#localToUtc(person.zone, day, this.#random.between(-1, 5))
    const device = `unknown-${incident.id}`
    for (let count = this.#random.int(2, 6); count > 0; count--) {
      const secret = this.#random.chance(0.5)
        ? this.#chooseSecret(person, false)
        : this.#random.pick(this.#allSecrets())
      this.#read(person, start + this.#random.between(0, 25) * MINUTE, secret, {
        incident,
        foreign: abroad,
        device,
        place: 'home',
      })
    }
  }

  /**
   * A person resigns, then a few days later reads many secrets they never read before, spread
   * over a working day rather than in one burst.
   */
  #departingSweep(incident: Incident, person: Person, day: number): void {
    const notice = day - this.#random.int(2, 8)
    this.#emit(this.#dayStart(notice) + 9 * HOUR, {
      type: 'hr_status',
      user: person.id,
      status: 'notice',
    })
    const unread = this.#allSecrets().filter((s) => !person.working.includes(s))
    const targets = this.#random.sample(unread, this.#random.int(12, 25))
    const start = this.#workHour(person, day) - 2 * HOUR
    targets.forEach((secret, index) => {
      const at = start + (index / targets.length) * this.#random.between(4, 7) * HOUR
      this.#read(person, at, secret, { incident })
    })
  }

  #breakGlassRead(incident: Incident, person: Person, day: number): void {
    const secret =
      this.#breakGlass[this.#incidents.filter((i) => i.kind === 'break_glass').length - 1]
    this.#read(person, this.#workHour(person, day), secret, { incident })
  }

  #denials(incident: Incident, person: Person, day: number): void {
    const others = this.#allSecrets().filter((s) => !s.startsWith(person.department))
    const start = this.#workHour(person, day)
    for (let count = this.#random.int(4, 9); count > 0; count--) {
      const at = start + this.#random.between(0, 20) * MINUTE
      this.#read(person, at, this.#random.pick(others), { incident, action: 'denied' })
    }
  }

  #allSecrets(): string[] {
    return [...[...this.#secrets.values()].flat(), ...this.#shared]
  }

  #read(person: Person, at: number, secret: string, how: ReadOptions): void {
    const id = `a${++this.#accessCount}`
    const action = how.action ?? (this.#random.chance(0.55) ? 'reveal' : 'copy')
    const [ip, country] = this.#address(person, how)
    // A replaced laptop (from `newDeviceDay` on) is a new device id and a new browser.
    const replaced = at >= this.#dayStart(person.newDeviceDay)
    const devices = replaced
      ? [`${person.id}-laptop-2`, ...person.devices.slice(1)]
      : person.devices
    const device = how.device ?? this.#random.pick(devices)
    const version = 120 + Math.floor((at / DAY - this.#startDay) / 30)
    const browser = person.browser + (how.device ? 2 : replaced ? 1 : 0)
    const userAgent = BROWSERS[browser % BROWSERS.length](version)
    const event: Record<string, unknown> = {
      type: 'access',
      id,
      company: COMPANY,
      user: person.id,
      secret,
      action,
      ip,
      userAgent,
    }
    if (person.deviceField || how.device) {
      event.device = device
    }
    if (country && (this.#random.chance(0.5) || !this.#pools.get(country)?.length)) {
      event.country = country
    }
    this.#emit(at, event)
    this.#label(id, how)
  }

  #label(id: string, how: ReadOptions): void {
    if (how.incident) {
      how.incident.accessIds.push(id)
      this.#labels.set(id, { incident: how.incident.id, kind: how.incident.kind })
    } else if (how.group) {
      this.#labels.set(id, { group: how.group })
    }
  }

  /**
   * Where an access comes from: abroad (an attacker), a trip's hotel, the company VPN, home or
   * the office.
   */
  #address(person: Person, how: ReadOptions): [string, string] {
    const random = this.#random
    if (how.foreign) {
      return [random.pick(this.#pools.get(how.foreign)!), how.foreign]
    }
    if (how.tripCountry) {
      return [random.pick(this.#pools.get(how.tripCountry)!), how.tripCountry]
    }
    if (person.vpn && random.chance(0.3) && !how.incident) {
      how.group ??= 'vpn_abroad'
      return [random.pick(this.#pools.get(VPN_COUNTRY)!.slice(0, 2)), VPN_COUNTRY]
    }
    if (how.place === 'home' || person.country !== HOME_COUNTRY || random.chance(0.4)) {
      return [person.homeIp, person.country]
    }

    return [random.pick(this.#office), HOME_COUNTRY]
  }

  #emit(at: number, fields: Record<string, unknown>): void {
    const line = JSON.stringify({
      type: fields.type,
      at: new Date(Math.round(at)).toISOString(),
      ...fields,
    })
    this.#events.push({ at: Math.round(at), order: this.#events.length, line })
  }

  #isWeekday(day: number): boolean {
    return (this.#startDay + day + 3) % 7 < 5
  }

  #dayStart(day: number): number {
    return (this.#startDay + day) * DAY
  }

  #tripZone(country: string): string {
    return (
      {
        JP: 'Asia/Tokyo',
        US: 'America/New_York',
        SG: 'Asia/Singapore',
        AU: 'Australia/Sydney',
        GB: 'Europe/London',
        DE: 'Europe/Berlin',
        IT: 'Europe/Rome',
      }[country] ?? HOME_ZONE
    )
  }

  /**
   * The UTC instant of a local hour (possibly past 24) on a scenario day in a zone.
   */
  #localToUtc(zone: string, day: number, hour: number): number {
    const clock = clockOf(zone)
    const local = (this.#startDay + day) * DAY + hour * HOUR

    return local - clock.offsetAt(local - clock.offsetAt(local) * MINUTE) * MINUTE
  }
}

interface ReadOptions {
  incident?: Incident
  group?: OddGroup
  action?: string
  tripCountry?: string
  foreign?: string
  device?: string
  place?: 'home'
}
