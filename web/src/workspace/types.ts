// The shapes of GET /api/v1/todos and GET /api/v1/workspace, from the contract.
import type { components } from '../api/schema'

type Schemas = components['schemas']

export type Todo = Schemas['Todo']
export type Severity = Todo['severity']
export type TodoFeed = Schemas['TodoList']
export type TodoCounts = TodoFeed['counts']
export type Workspace = Schemas['Workspace']
