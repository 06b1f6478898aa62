from cite_export.cli import main

main()
