import type { ApiClient } from '../api/client'
import type { Post, Rule } from '../api/types'

// The rule registry changes only with a release: one load per page visit.
let rulesCache: Promise<Rule[]> | null = null

export function loadRules(api: ApiClient): Promise<Rule[]> {
  if (!rulesCache) {
    rulesCache = api
      .get('/api/v1/rules')
      .then((res) => res.items)
      .catch((err: unknown) => {
        rulesCache = null
        throw err
      })
  }
  return rulesCache
}

export interface HostPosts {
  enterprise_id: string
  enterprise_name: string
  posts: Post[]
}

/** The posts a school may plan with: those of every host on its list. */
export async function loadHostPosts(api: ApiClient, schoolId: string): Promise<HostPosts[]> {
  const hosts = await api.get('/api/v1/schools/{id}/hosts', { path: { id: schoolId } })
  return Promise.all(
    hosts.items.map(async (h) => {
      const posts = await api.get('/api/v1/enterprises/{id}/posts', { path: { id: h.enterprise_id } })
      return { enterprise_id: h.enterprise_id, enterprise_name: h.enterprise_name, posts: posts.items }
    }),
  )
}
