-- Why backend "auto" went where it went (e.g. "no GPU worker is running, so it runs on a CPU worker"), as the
-- validator reported it; null for runs that named their backend.
ALTER TABLE run ADD COLUMN routing text;
