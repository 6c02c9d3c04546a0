from .papers import main

main()
