import { defineStore } from 'pinia'
import { ref } from 'vue'
import { describeReadiness, fetchReadiness, type ReadinessView } from '../readiness'

// Kept in a store rather than in HomeView so that switching tabs and coming
// back shows the last known state at once instead of flashing 检查中….
export const useReadinessStore = defineStore('readiness', () => {
  const view = ref<ReadinessView | null>(null)
  const loading = ref(false)
  let inFlight: Promise<void> | null = null

  function check(fetchImpl?: typeof fetch): Promise<void> {
    // Double taps on 重新检查 share one request.
    if (inFlight) return inFlight
    loading.value = true
    inFlight = fetchReadiness(fetchImpl)
      .then((outcome) => {
        view.value = describeReadiness(outcome)
      })
      .finally(() => {
        loading.value = false
        inFlight = null
      })
    return inFlight
  }

  return { view, loading, check }
})
