// The phone's position for a check-in. The browser reports WGS-84 (the
// Geolocation API's datum), which is what the check-in sends.
export type PositionProblem = 'unsupported' | 'denied' | 'unavailable' | 'timeout'

export class PositionError extends Error {
  constructor(readonly problem: PositionProblem) {
    super(problem)
    this.name = 'PositionError'
  }
}

export interface Fix {
  lat: number
  lng: number
  accuracyM: number
}

/**
 * One fresh fix: high accuracy and no cached position, since a position
 * from an hour ago at home would put the teacher in the wrong place.
 */
export function currentPosition(geo: Geolocation | undefined = navigator.geolocation, timeoutMs = 20_000): Promise<Fix> {
  if (!geo) return Promise.reject(new PositionError('unsupported'))
  return new Promise((resolve, reject) => {
    geo.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracyM: Math.max(0, p.coords.accuracy) }),
      (err) => {
        const problem: PositionProblem =
          err.code === err.PERMISSION_DENIED ? 'denied' : err.code === err.TIMEOUT ? 'timeout' : 'unavailable'
        reject(new PositionError(problem))
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout: timeoutMs },
    )
  })
}
