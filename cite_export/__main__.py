from cite_export.cli import main

# Guarded: a process that reads notes in parallel starts its readers by importing the main module again.
if __name__ == "__main__":
    main()
