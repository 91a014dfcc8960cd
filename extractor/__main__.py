from extractor.cli.main import main

main()
