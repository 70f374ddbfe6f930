"""Documents that leave the app (PDF, Word, CSV), built from domain read models only. No Qt."""
