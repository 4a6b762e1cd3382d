package supervision

import (
	"github.com/gin-gonic/gin"
)

type handlers struct{ svc *Service }

// Routes mounts the supervision routes; public ones need no sign-in. Each
// part of the domain mounts its own.
func Routes(public, authed *gin.RouterGroup, svc *Service) {
	h := handlers{svc}
	settingsRoutes(authed, h)
	recordsRoutes(authed, h)
	studentRoutes(authed, h)
	complaintRoutes(public, authed, h)
}
