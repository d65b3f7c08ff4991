dummy hwmatch.mod for the corpus
