"""What every app shares: coded errors and their one API envelope, the JSON parser, the job kinds."""
