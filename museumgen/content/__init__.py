"""Reading a museum folder: finding its content files, parsing them with the line of every
key, and checking each against its kind's schema."""
