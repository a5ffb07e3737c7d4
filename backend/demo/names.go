package demo

// origin is a pool of names that people of some nationalities carry. The
// names are common ones, combined at random: nobody real is described.
type origin struct {
	female, male, last []string
}

// Origin indexes into origins.
const (
	maghreb = iota
	westAfrica
	nigeria
	centralAfrica
	comoros
	middleEast
	hornOfAfrica
	afghanIran
	turkey
	easternEurope
	caucasus
	latinAmerica
	haiti
	southAsia
)

var origins = [...]origin{
	maghreb: {
		female: []string{"Fatima", "Khadija", "Amina", "Nadia", "Samira", "Leïla", "Yasmina",
			"Malika", "Fatima-Zahra", "Souad", "Naïma", "Meriem", "Imane", "Zohra"},
		male: []string{"Mohamed", "Ahmed", "Karim", "Rachid", "Youssef", "Mehdi", "Samir",
			"Nabil", "Abdelkader", "Mourad", "Hamza", "Bilal", "Sofiane", "Ayoub"},
		last: []string{"Benali", "Bouzid", "Haddad", "Mansouri", "El Amrani", "Cherif",
			"Belkacem", "Saïdi", "Benamar", "Zerrouki", "Hamidi", "Aït Ahmed", "Khelifi",
			"Ouali", "Bensaïd", "Mebarki", "Tahiri", "El Idrissi", "Alaoui", "Bennani",
			"Trabelsi", "Jlassi", "Ben Salah", "Gharbi", "Ben Youssef", "Lahlou", "Ziani"},
	},
	westAfrica: {
		female: []string{"Aminata", "Fatoumata", "Mariama", "Awa", "Aïssatou", "Kadiatou",
			"Binta", "Rokia", "Adjoua", "Ramatoulaye", "Ndeye", "Oumou"},
		male: []string{"Mamadou", "Ibrahima", "Moussa", "Ousmane", "Abdoulaye",
			"Souleymane", "Sékou", "Lamine", "Boubacar", "Modibo", "Cheikh", "Kouadio",
			"Seydou"},
		last: []string{"Diallo", "Traoré", "Koné", "Camara", "Coulibaly", "Sylla", "Bah",
			"Barry", "Sow", "Diop", "N'Diaye", "Fall", "Cissé", "Keïta", "Touré", "Konaté",
			"Sangaré", "Kouassi", "N'Guessan", "Ouattara", "Sissoko", "Doumbia", "Gueye",
			"Mendy", "Sarr", "Bamba", "Condé"},
	},
	nigeria: {
		female: []string{"Blessing", "Chioma", "Ngozi", "Adaeze", "Funmilayo", "Precious"},
		male:   []string{"Chinedu", "Emeka", "Oluwaseun", "Tunde", "Ikechukwu", "Godwin"},
		last: []string{"Okafor", "Adeyemi", "Okonkwo", "Eze", "Nwosu", "Ogunleye", "Obi",
			"Adebayo", "Okoro", "Balogun"},
	},
	centralAfrica: {
		female: []string{"Grâce", "Merveille", "Esther", "Josiane", "Clarisse", "Nadège",
			"Ornella", "Christelle"},
		male: []string{"Jean-Pierre", "Patrick", "Christian", "Fabrice", "Serge", "Hervé",
			"Blaise", "Dieudonné"},
		last: []string{"Mbuyi", "Kabongo", "Tshibanda", "Mukendi", "Ilunga", "Nkounkou",
			"Mbarga", "Ngono", "Fotso", "Nguema", "Mahamat", "Kalonji", "Mavoungou"},
	},
	comoros: {
		female: []string{"Zaïnaba", "Echati", "Soifia", "Anrafa", "Faïza", "Nassimati",
			"Hadidja", "Mariama"},
		male: []string{"Ali", "Saïd", "Abdallah", "Soilihi", "Ahamada", "Nourdine",
			"Hamada", "Mohamed"},
		last: []string{"Saïd Ali", "Madi", "Abdou", "Mzé", "Ahmed Abdallah", "Toyb", "Msa",
			"Hamadi", "Youssouf", "Mbaé", "Attoumane", "Boina", "Chanfi"},
	},
	middleEast: {
		female: []string{"Rania", "Lina", "Hiba", "Dima", "Nour", "Reem", "Rasha", "Mona"},
		male: []string{"Omar", "Khaled", "Mahmoud", "Hassan", "Tarek", "Ammar", "Bassel",
			"Firas", "Mustafa", "Ziad"},
		last: []string{"Al-Hussein", "Khoury", "Al-Ahmad", "Darwish", "Nasser", "Hamdan",
			"Al-Masri", "Sabbagh", "Jaber", "Kassem", "Farouk", "Abdelrahman"},
	},
	hornOfAfrica: {
		female: []string{"Hawa", "Sahra", "Amal", "Senait", "Hodan", "Asha"},
		male:   []string{"Abdirahman", "Yonas", "Tesfaye", "Adam", "Osman", "Idriss"},
		last: []string{"Abdi", "Tesfay", "Haile", "Warsame", "Gebre", "Yusuf", "Musa",
			"Osman"},
	},
	afghanIran: {
		female: []string{"Zahra", "Maryam", "Fereshteh", "Parisa", "Shabnam", "Sakina",
			"Nargis"},
		male: []string{"Ahmad", "Mohammad", "Farid", "Jawad", "Hamid", "Reza", "Massoud",
			"Sayed", "Rahim", "Khalil"},
		last: []string{"Ahmadi", "Rahimi", "Hakimi", "Karimi", "Hosseini", "Mohammadi",
			"Amiri", "Sultani", "Azizi", "Noori", "Safi", "Wardak"},
	},
	turkey: {
		female: []string{"Ayşe", "Elif", "Zeynep", "Emine", "Fatma", "Özlem"},
		male:   []string{"Mehmet", "Ahmet", "Murat", "Emre", "Hüseyin", "Kemal"},
		last: []string{"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın",
			"Öztürk", "Arslan", "Doğan", "Kılıç"},
	},
	easternEurope: {
		female: []string{"Olena", "Natalia", "Irina", "Tatiana", "Oksana", "Elena",
			"Ardita", "Blerina", "Svetlana"},
		male: []string{"Oleksandr", "Dmitri", "Sergueï", "Andriy", "Ivan", "Vladimir",
			"Arben", "Besnik", "Ion"},
		last: []string{"Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Ivanov",
			"Petrov", "Smirnov", "Kuznetsov", "Hoxha", "Krasniqi", "Gashi", "Berisha",
			"Shehu", "Popescu", "Rusu", "Ciobanu"},
	},
	caucasus: {
		female: []string{"Nino", "Tamar", "Mariam", "Lilit", "Ana", "Madina"},
		male:   []string{"Giorgi", "Levan", "David", "Aram", "Artur", "Ramzan"},
		last: []string{"Beridze", "Kapanadze", "Gelashvili", "Grigoryan", "Petrosyan",
			"Hovhannisyan", "Umarov", "Aliev", "Magomedov"},
	},
	latinAmerica: {
		female: []string{"María", "Luz Marina", "Daniela", "Carolina", "Valentina",
			"Gabriela", "Ana Lucía"},
		male: []string{"José", "Juan Carlos", "Luis", "Andrés", "Jorge", "Miguel Ángel",
			"Diego"},
		last: []string{"García", "Rodríguez", "Martínez", "Hernández", "López", "González",
			"Pérez", "Gómez", "Díaz", "Ramírez", "Torres", "Silva", "Santos"},
	},
	haiti: {
		female: []string{"Fabiola", "Rose-Marie", "Widline", "Guerline"},
		male:   []string{"Jean-Robert", "Wilner", "Frantz", "Peterson"},
		last: []string{"Joseph", "Pierre-Louis", "Jean-Baptiste", "Dorvil", "Saint-Fleur",
			"Charles"},
	},
	southAsia: {
		female: []string{"Fatema", "Nasrin", "Tahmina", "Sharmin", "Tharshini", "Nimali",
			"Ayesha"},
		male: []string{"Abdul", "Shafiq", "Rafiq", "Kamal", "Tharshan", "Suresh", "Imran",
			"Tanvir"},
		last: []string{"Rahman", "Hossain", "Islam", "Uddin", "Chowdhury", "Sivakumar",
			"Perera", "Fernando", "Jayasinghe", "Khan", "Iqbal", "Tharmalingam"},
	},
}

// languages are what people of an origin commonly speak, for the person's
// record.
var languages = [...][]string{
	maghreb:       {"arabe, français", "arabe", "kabyle, arabe, français", "darija"},
	westAfrica:    {"français", "peul, français", "wolof, français", "bambara", "soussou"},
	nigeria:       {"anglais", "anglais, igbo", "yoruba, anglais", "pidgin"},
	centralAfrica: {"français", "lingala, français", "arabe tchadien", "sango"},
	comoros:       {"shikomori, français", "shikomori", "malgache"},
	middleEast:    {"arabe", "arabe, anglais", "kurde, arabe"},
	hornOfAfrica:  {"tigrinya", "somali", "arabe", "amharique"},
	afghanIran:    {"dari", "pachto", "farsi", "ourdou"},
	turkey:        {"turc", "kurde, turc", "turc, anglais"},
	easternEurope: {"ukrainien, russe", "russe", "albanais", "roumain"},
	caucasus:      {"géorgien, russe", "arménien", "tchétchène, russe"},
	latinAmerica:  {"espagnol", "portugais", "espagnol, anglais"},
	haiti:         {"créole haïtien, français", "créole haïtien"},
	southAsia:     {"bengali", "tamoul", "ourdou", "cingalais"},
}

// defaultSites are made-up reception desks in Marseille.
var defaultSites = []string{
	"Permanence Noailles (1er)",
	"Accueil Saint-Mauront (3e)",
	"Point d'accès aux droits La Savine (15e)",
}

// workers are made-up workers and volunteers; the first one sets up the
// structure when the database is new.
var workers = []string{
	"Claire Fontaine", "Youssef Benhamou", "Aminata Sow", "Thomas Girard",
	"Nadia Ferhat", "Julien Roux",
}

// Short texts for the free fields of visits.
var (
	actionTexts = []string{
		"Information sur les droits", "Constitution du dossier", "Rédaction d'un courrier",
		"Prise de rendez-vous en préfecture", "Aide à la demande en ligne (ANEF)",
		"Photocopies des pièces", "Appel à l'administration", "Rédaction d'un recours",
		"Explication d'une décision", "Demande d'AME déposée",
	}
	referralTexts = []string{
		"Préfecture", "OFII", "CPAM", "CAF", "France Travail", "Avocat", "CCAS",
		"Service social de secteur", "PASS de l'hôpital", "Cimade", "Médecins du Monde",
		"Association de domiciliation",
	}
	noteTexts = []string{
		"Revient avec le passeport", "Attend la réponse de la préfecture",
		"Pièces manquantes : justificatif de domicile", "Interprète nécessaire au prochain RDV",
		"Rendez-vous ANEF pris", "Récépissé expire bientôt", "Dossier complet",
		"À rappeler dans quinze jours", "Orientée vers l'avocat de permanence",
	}
	familyTexts = []string{"célibataire", "marié(e)", "en couple", "divorcé(e)",
		"séparé(e)", "veuf(ve)"}
	communes = []string{"Marseille", "Marseille 1er", "Marseille 3e", "Marseille 13e",
		"Marseille 14e", "Marseille 15e", "Aubagne", "Vitrolles", "Marignane",
		"La Ciotat", "Aix-en-Provence"}
)
