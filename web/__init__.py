"""Server-rendered pages for HR, reps and employees."""
