/**
 * The events a replay file carries and the live app produces, as described in REPLAY.md.
 * Times are kept as epoch milliseconds (UTC) once parsed, so that scoring never re-parses dates.
 */

/**
 * What a person did with a secret. `denied` is an attempt that authorization refused.
 */
export const ACCESS_ACTIONS = ['reveal', 'copy', 'use', 'update', 'denied'] as const
export type AccessAction = (typeof ACCESS_ACTIONS)[number]

/**
 * Employment status as the HR module reports it.
 */
export const HR_STATUSES = ['active', 'notice', 'leave', 'terminated'] as const
export type HrStatus = (typeof HR_STATUSES)[number]

export const EVENT_TYPES = ['profile', 'access', 'activity', 'hr_status', 'travel'] as const
export type EventType = (typeof EVENT_TYPES)[number]

export interface ProfileEvent {
  type: 'profile'
  at: number
  company: string
  user: string
  timezone: string
  department?: string
}

export interface AccessEvent {
  type: 'access'
  at: number
  id: string
  company: string
  user: string
  secret: string
  action: AccessAction
  ip: string
  userAgent: string
  device?: string
  country?: string
}

export interface ActivityEvent {
  type: 'activity'
  at: number
  company: string
  user: string
  module: string
}

export interface HrStatusEvent {
  type: 'hr_status'
  at: number
  user: string
  status: HrStatus
}

/**
 * A trip in the person's calendar. `from` and `to` are local calendar dates (YYYY-MM-DD), both
 * inclusive.
 */
export interface TravelEvent {
  type: 'travel'
  at: number
  user: string
  country: string
  from: string
  to: string
}

export type VaultEvent = ProfileEvent | AccessEvent | ActivityEvent | HrStatusEvent | TravelEvent

/**
 * Actions through which a person actually obtained a value, as opposed to editing or being refused.
 */
export function isRead(action: AccessAction): boolean {
  return action === 'reveal' || action === 'copy' || action === 'use'
}
