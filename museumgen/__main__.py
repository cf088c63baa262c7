from museumgen.cli import main

main()
